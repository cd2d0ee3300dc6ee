import Crypto
import ScoringCore

/// W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite (Data Integrity EdDSA
/// Cryptosuites v1.0, section 3.3): an Ed25519 signature over the JSON Canonicalization Scheme
/// (RFC 8785) of the document and of the proof's configuration, so that any conforming
/// verifier accepts it whatever order it keeps the members in.
///
/// Signing keys are `did:key` DIDs, so verifying needs no network: the verification method
/// `did:key:z6Mk…#z6Mk…` is the public key.
public enum EddsaJcs2022 {
    public static let proofType = "DataIntegrityProof"
    public static let cryptosuite = "eddsa-jcs-2022"
    /// What the proofs made here are for: asserting the claims of a credential.
    public static let proofPurpose = "assertionMethod"

    /// A signer's DID, when the proof was made, and the document it covers.
    public struct Verification: Sendable, Equatable {
        /// The `did:key` that made the proof.
        public var signer: DIDKey
        /// The proof's `created`.
        public var created: Timestamp
        /// The document without its `proof`, as the signer signed it.
        public var document: JSONValue
    }

    /// The document with a `proof` member added: `{"type": "DataIntegrityProof", "cryptosuite":
    /// "eddsa-jcs-2022", "created", "verificationMethod", "proofPurpose": "assertionMethod",
    /// "@context" (the document's, when it has one), "proofValue"}`, by the specification's
    /// Create Proof algorithm (section 3.3.1).
    ///
    /// - Parameters:
    ///   - document: a JSON object without a `proof` member.
    ///   - key: the signer's key; `verificationMethod` is its `did:key`.
    ///   - created: when the proof is made, written `YYYY-MM-DDTHH:MM:SSZ`.
    /// - Returns: `document` with `proof` last.
    /// - Throws: `DataIntegrityError` for a document that is not an object, has a proof already
    ///   (proof sets and chains are not supported), or has no canonical form (RFC 8785: a
    ///   non-finite number, an integer beyond 2^53 that no double holds, a duplicate key).
    /// - Complexity: that of canonicalizing the document, O(n log n) in its size.
    public static func sign(document: JSONValue, key: SigningKey, created: Timestamp) throws(DataIntegrityError) -> JSONValue {
        guard case .object(var members) = document else { throw .notAnObject }
        guard !members.contains(where: { $0.0 == "proof" }) else { throw .alreadySigned }
        var proof: [(String, JSONValue)] = [
            ("type", .string(proofType)),
            ("cryptosuite", .string(cryptosuite)),
            ("created", .string(created.description)),
            ("verificationMethod", .string(key.did.verificationMethod)),
            ("proofPurpose", .string(proofPurpose)),
        ]
        // Step 2: the proof carries the document's @context, so that a proof set or chain built
        // on it later cannot be read against another vocabulary.
        if let context = members.first(where: { $0.0 == "@context" })?.1 {
            proof.append(("@context", context))
        }
        let hash = try hashData(proofConfig: .object(proof), document: document)
        let signature: [UInt8]
        do {
            signature = try key.signature(for: hash)
        } catch {
            throw .signingFailed
        }
        proof.append(("proofValue", .string(Base58.multibase(signature))))
        members.append(("proof", .object(proof)))
        return .object(members)
    }

    /// Checks a document's `eddsa-jcs-2022` proof by the specification's Verify Proof algorithm
    /// (section 3.3.2), resolving its `did:key` verification method itself.
    ///
    /// Besides the signature it checks what the algorithm requires of the proof: `type`,
    /// `cryptosuite`, an XML Schema `created`, a proof `@context` that the document's
    /// `@context` starts with; and `proofPurpose` `assertionMethod`, the only purpose a
    /// credential's proof has here. Contexts the document has after the proof's are not
    /// covered by the proof, and the algorithm drops them from the verified document.
    ///
    /// - Parameter document: a signed JSON object, as parsed by `JSONValue.parse`.
    /// - Returns: who signed it, when, and the document it covers (without its proof).
    /// - Throws: `DataIntegrityError` saying why the proof does not hold.
    /// - Complexity: that of canonicalizing the document, O(n log n) in its size.
    public static func verify(document: JSONValue) throws(DataIntegrityError) -> Verification {
        guard case .object(var unsecured) = document else { throw .notAnObject }
        guard let proofIndex = unsecured.firstIndex(where: { $0.0 == "proof" }) else { throw .noProof }
        guard case .object(var options) = unsecured.remove(at: proofIndex).1 else {
            throw .malformedProof("\"proof\" is not one object (proof sets are not supported)")
        }
        guard let valueIndex = options.firstIndex(where: { $0.0 == "proofValue" }) else {
            throw .malformedProof("the proof has no \"proofValue\"")
        }
        guard case .string(let proofValue) = options.remove(at: valueIndex).1,
            let signature = Base58.decodeMultibase(proofValue), signature.count == 64
        else { throw .malformedProof("\"proofValue\" is not a 64-byte signature in multibase base58btc") }
        func member(_ name: String) throws(DataIntegrityError) -> String {
            guard case .string(let text)? = options.first(where: { $0.0 == name })?.1 else {
                throw .malformedProof("the proof has no \"\(name)\" string")
            }
            return text
        }
        guard try member("type") == proofType, try member("cryptosuite") == cryptosuite else {
            throw .unsupportedProof("not a \(proofType) with cryptosuite \(cryptosuite)")
        }
        guard try member("proofPurpose") == proofPurpose else {
            throw .unsupportedProof("\"proofPurpose\" is not \"\(proofPurpose)\"")
        }
        let method = try member("verificationMethod")
        guard let signer = DIDKey(method) else { throw .unknownVerificationMethod(method) }
        guard let created = Self.dateTime(try member("created")) else {
            throw .malformedProof("\"created\" is not an XML Schema date-time")
        }
        if let proofContext = options.first(where: { $0.0 == "@context" })?.1 {
            let documentContext = unsecured.firstIndex { $0.0 == "@context" }
            let given = documentContext.map { Self.contextEntries(unsecured[$0].1) } ?? []
            let required = Self.contextEntries(proofContext)
            guard given.starts(with: required) else { throw .contextMismatch }
            if let documentContext {
                unsecured[documentContext].1 = proofContext
            } else {
                unsecured.append(("@context", proofContext))
            }
        }
        let hash = try hashData(proofConfig: .object(options), document: .object(unsecured))
        guard signer.isValidSignature(signature, for: hash) else { throw .invalidSignature }
        return Verification(signer: signer, created: created, document: .object(unsecured))
    }

    /// Sections 3.3.4–3.3.5: SHA-256 of the canonical proof configuration, then SHA-256 of the
    /// canonical document — 64 bytes, what Ed25519 signs.
    static func hashData(proofConfig: JSONValue, document: JSONValue) throws(DataIntegrityError) -> [UInt8] {
        do {
            let proofHash = SHA256.hash(data: Array(try proofConfig.canonicalized().utf8))
            let documentHash = SHA256.hash(data: Array(try document.canonicalized().utf8))
            return Array(proofHash) + Array(documentHash)
        } catch {
            throw .notCanonicalizable(error)
        }
    }

    /// A JSON-LD `@context`: one entry, or an array of them.
    private static func contextEntries(_ context: JSONValue) -> [JSONValue] {
        if case .array(let entries) = context { return entries }
        return [context]
    }

    /// An XML Schema 1.1 `dateTime` (`YYYY-MM-DDThh:mm:ss`, optional fraction and offset).
    private static func dateTime(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        return Timestamp(iso8601: text)
    }
}

/// Why a Data Integrity proof cannot be made or does not hold.
public enum DataIntegrityError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAnObject
    /// `sign` was given a document that has a `proof` already.
    case alreadySigned
    case notCanonicalizable(JSONCanonicalizationError)
    case signingFailed
    case noProof
    case malformedProof(String)
    /// Another proof type, cryptosuite or purpose.
    case unsupportedProof(String)
    /// A verification method that is not an Ed25519 `did:key`.
    case unknownVerificationMethod(String)
    /// The document's `@context` does not start with the proof's.
    case contextMismatch
    /// The signature does not match: the document or its proof changed after signing, or the
    /// key is not the signer's.
    case invalidSignature

    public var description: String {
        switch self {
        case .notAnObject: return "the document is not a JSON object"
        case .alreadySigned: return "the document has a proof already"
        case .notCanonicalizable(let reason): return "the document has no canonical form: \(reason)"
        case .signingFailed: return "the key could not sign"
        case .noProof: return "the document has no proof"
        case .malformedProof(let reason): return reason
        case .unsupportedProof(let reason): return "unsupported proof: \(reason)"
        case .unknownVerificationMethod(let method): return "\(method) is not an Ed25519 did:key verification method"
        case .contextMismatch: return "the document's @context does not start with the proof's"
        case .invalidSignature: return "the signature does not match the document"
        }
    }
}
