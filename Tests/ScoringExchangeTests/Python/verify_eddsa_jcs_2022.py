#!/usr/bin/env python3
"""Verifies the eddsa-jcs-2022 Data Integrity proofs of a credential, independently of ScoreBench.

Usage: verify_eddsa_jcs_2022.py FILE.json

Checks the document's own proof and the proof of every credential it carries in
credentialSubject.verifiableCredential (a CLR's AchievementCredentials), by the Verify Proof
algorithm of W3C Data Integrity EdDSA Cryptosuites v1.0, section 3.3.2: the proof without its
proofValue is the proof configuration; when it has an @context, the document's @context must
start with it; the signed bytes are SHA-256(JCS(proof configuration)) followed by
SHA-256(JCS(document without proof)), and the signature is Ed25519 under the public key of the
did:key verification method.

It shares no code with ScoreBench: its own RFC 8785 canonicalization, base58btc and did:key
decoding, and the `cryptography` package's Ed25519. Prints one line per credential and exits 0
when every proof holds, 1 when any does not, 2 when the file cannot be read.
"""

import hashlib
import json
import math
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUB_PREFIX = bytes([0xED, 0x01])


class ProofError(Exception):
    pass


# --- RFC 8785 JSON Canonicalization Scheme -----------------------------------------------------


def jcs(value):
    """The canonical UTF-8 bytes of a parsed JSON value."""
    return canonical_text(value).encode("utf-8")


def canonical_text(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return canonical_string(value)
    if isinstance(value, (int, float)):
        return canonical_number(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical_text(item) for item in value) + "]"
    if isinstance(value, dict):
        # Members sorted by the UTF-16 code units of their names (RFC 8785 section 3.2.3).
        names = sorted(value, key=lambda name: name.encode("utf-16-be"))
        return "{" + ",".join(canonical_string(name) + ":" + canonical_text(value[name]) for name in names) + "}"
    raise ProofError("a value of type %s has no JSON form" % type(value).__name__)


SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def canonical_string(text):
    """Quotes, with only the escapes RFC 8785 section 3.2.2.2 keeps; everything else as is."""
    out = ['"']
    for character in text:
        if character in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[character])
        elif ord(character) < 0x20:
            out.append("\\u%04x" % ord(character))
        else:
            out.append(character)
    out.append('"')
    return "".join(out)


def canonical_number(number):
    """ECMAScript's Number.prototype.toString of an IEEE double (RFC 8785 section 3.2.2.3)."""
    if isinstance(number, int) and not isinstance(number, bool):
        if abs(number) > 2**53:
            raise ProofError("the integer %d has no exact double" % number)
        number = float(number)
    if math.isnan(number) or math.isinf(number):
        raise ProofError("NaN and the infinities have no JSON form")
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    # repr gives the shortest digits that read back to the same double.
    mantissa, _, exponent = repr(abs(number)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    point = len(whole.lstrip("0")) if whole.strip("0") else -(len(fraction) - len(fraction.lstrip("0")))
    point += int(exponent) if exponent else 0
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= point <= 21:
        return sign + digits + "0" * (point - k)
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    shown = digits[0] + ("." + digits[1:] if k > 1 else "")
    return sign + shown + "e" + ("+" if point - 1 >= 0 else "-") + str(abs(point - 1))


# --- multibase base58btc and did:key ------------------------------------------------------------


def base58_decode(text):
    number = 0
    for character in text:
        digit = BASE58_ALPHABET.find(character)
        if digit < 0:
            raise ProofError("%r is not base58btc" % character)
        number = number * 58 + digit
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    ones = len(text) - len(text.lstrip("1"))
    return b"\x00" * ones + body


def multibase_decode(text):
    if not isinstance(text, str) or not text.startswith("z"):
        raise ProofError("%r is not multibase base58btc" % (text,))
    return base58_decode(text[1:])


def did_key_public_key(verification_method):
    """The Ed25519 public key of `did:key:z6Mk…#z6Mk…`."""
    if not isinstance(verification_method, str) or not verification_method.startswith("did:key:"):
        raise ProofError("verificationMethod %r is not a did:key" % (verification_method,))
    did, _, fragment = verification_method.partition("#")
    multikey = did[len("did:key:"):]
    if fragment and fragment != multikey:
        raise ProofError("the verification method's fragment is not its own key")
    raw = multibase_decode(multikey)
    if len(raw) != 34 or raw[:2] != ED25519_PUB_PREFIX:
        raise ProofError("the did:key is not an Ed25519 public key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


# --- eddsa-jcs-2022 Verify Proof ---------------------------------------------------------------


def verify(secured):
    """Checks one document's proof; returns its verification method, or raises ProofError."""
    if not isinstance(secured, dict):
        raise ProofError("the document is not a JSON object")
    unsecured = dict(secured)
    proof = unsecured.pop("proof", None)
    if not isinstance(proof, dict):
        raise ProofError("the document has no single proof")
    options = dict(proof)
    proof_value = options.pop("proofValue", None)
    if options.get("type") != "DataIntegrityProof" or options.get("cryptosuite") != "eddsa-jcs-2022":
        raise ProofError("not a DataIntegrityProof with cryptosuite eddsa-jcs-2022")
    if options.get("proofPurpose") != "assertionMethod":
        raise ProofError("proofPurpose is not assertionMethod")
    if not isinstance(options.get("created"), str):
        raise ProofError("the proof has no created time")
    if "@context" in options:
        required = options["@context"] if isinstance(options["@context"], list) else [options["@context"]]
        given = unsecured.get("@context", [])
        given = given if isinstance(given, list) else [given]
        if given[: len(required)] != required:
            raise ProofError("the document's @context does not start with the proof's")
        unsecured["@context"] = options["@context"]
    signature = multibase_decode(proof_value)
    if len(signature) != 64:
        raise ProofError("proofValue is not a 64-byte signature")
    public_key = did_key_public_key(options.get("verificationMethod"))
    hash_data = hashlib.sha256(jcs(options)).digest() + hashlib.sha256(jcs(unsecured)).digest()
    try:
        public_key.verify(signature, hash_data)
    except InvalidSignature:
        raise ProofError("the signature does not match the document")
    return options["verificationMethod"]


def reject_duplicates(pairs):
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):
        raise ProofError("an object has a member twice")
    return dict(pairs)


def main(arguments):
    if len(arguments) != 1:
        print("usage: verify_eddsa_jcs_2022.py FILE.json", file=sys.stderr)
        return 2
    try:
        with open(arguments[0], encoding="utf-8") as file:
            document = json.load(file, object_pairs_hook=reject_duplicates)
    except (OSError, ValueError, ProofError) as error:
        print("cannot read %s: %s" % (arguments[0], error), file=sys.stderr)
        return 2
    credentials = [("document", document)]
    subject = document.get("credentialSubject") if isinstance(document, dict) else None
    nested = subject.get("verifiableCredential", []) if isinstance(subject, dict) else []
    for index, credential in enumerate(nested if isinstance(nested, list) else [nested]):
        credentials.append(("verifiableCredential[%d]" % index, credential))
    failed = False
    for where, credential in credentials:
        name = credential.get("id", where) if isinstance(credential, dict) else where
        try:
            print("verified %s %s: signed by %s" % (where, name, verify(credential)))
        except ProofError as error:
            print("FAILED %s %s: %s" % (where, name, error))
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
