import Crypto
import Foundation
import ScoringCore

/// A folder where a shell keeps the bank it assembled, so the next shell on the same files starts
/// from it instead of parsing every YAML file again: parsing and checking the bundled bank is
/// most of a first command's work.
///
/// A kept bank is used only when everything `Bank.assemble` reads is the same: the text (or read
/// problem) and name of every rubric, task and framework file, the store's rubric snapshots, and
/// the very build of ScoreBench (its executable file), so an edit anywhere, another store or a
/// new build assembles afresh. Nothing here is ever an error: a folder that cannot be made, a
/// file that cannot be written or read, or one that is damaged, and the bank is assembled from
/// the files as it would be without a cache.
public struct BankCache: Sendable {
    public var folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// `$SCOREBENCH_CACHE` (set but empty: no cache), else `$XDG_CACHE_HOME/scorebench`, else
    /// `$HOME/.cache/scorebench`; nil when none of them says where.
    public init?(environment: [String: String]) {
        if let folder = environment["SCOREBENCH_CACHE"] {
            if folder.isEmpty { return nil }
            self.init(folder: folder)
        } else if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            self.init(folder: cache + "/scorebench")
        } else if let home = environment["HOME"], !home.isEmpty {
            self.init(folder: home + "/.cache/scorebench")
        } else {
            return nil
        }
    }

    /// The executable's file identity (device, inode, size, modification time), which changes
    /// with every build; nil when it cannot be told, and then nothing is cached.
    static let build: [Int]? = {
        #if os(Linux)
            var status = stat()
            guard stat("/proc/self/exe", &status) == 0 else { return nil }
            return [
                Int(status.st_dev), Int(status.st_ino), Int(status.st_size), Int(status.st_mtim.tv_sec),
                Int(status.st_mtim.tv_nsec),
            ]
        #else
            // Without /proc the executable's own file is not told as simply: no cache.
            return nil
        #endif
    }()

    /// The digest of every input of `Bank.assemble`, and of this build; nil without a build identity.
    static func key(
        rubrics: [Bank.SourceFile], tasks: [Bank.SourceFile], framework: Bank.SourceFile?,
        snapshots: [RubricVersionKey: String]
    ) -> [UInt8]? {
        guard let build else { return nil }
        var digest = Digest()
        digest.add("scorebench bank")
        digest.add(Bank.encodingVersion)
        for part in build { digest.add(part) }
        for files in [rubrics, tasks, framework.map { [$0] } ?? []] {
            digest.add(files.count)
            for file in files {
                digest.add(file.path)
                digest.add(file.id)
                if let problem = file.problem {
                    digest.add(0)
                    digest.add(problem)
                } else {
                    digest.add(1)
                    digest.add(file.text)
                }
            }
        }
        let versions = snapshots.keys.sorted { ($0.rubric, $0.version) < ($1.rubric, $1.version) }
        digest.add(versions.count)
        for version in versions {
            digest.add(version.rubric)
            digest.add(version.version)
            digest.add(snapshots[version]!)
        }
        return digest.bytes
    }

    /// The file kept for content read from `location` in this folder: one per pair of folders as
    /// named, so a cache does not grow with every edit. (Which bank it holds is the key's
    /// business: the same names in another folder with other files are another key.)
    func path(for location: ContentLocation) -> String {
        var digest = Digest()
        digest.add(location.rubrics)
        digest.add(location.bank)
        let name = digest.bytes.prefix(16).map { String(format: "%02x", $0) }.joined()
        return folder + "/bank-" + name
    }

    /// The bank kept under `key`, if there is one and it reads whole. The file is the key, the
    /// SHA-256 of the encoded bank, then the encoded bank: a damaged byte (a weight, a cut score)
    /// must never pass for the rubric's own.
    func bank(for key: [UInt8], at path: String) -> Bank? {
        guard let bytes = Self.contents(of: path), bytes.count > key.count + 32, bytes.starts(with: key) else { return nil }
        let encoded = Array(bytes[(key.count + 32)...])
        guard bytes[key.count..<key.count + 32].elementsEqual(SHA256.hash(data: encoded)) else { return nil }
        return Bank(encoded: encoded)
    }

    /// Keeps `bank` under `key`, replacing whatever the file held (a whole new file, renamed into
    /// place, so a shell reading it meanwhile sees the old one or the new one).
    func keep(_ bank: Bank, for key: [UInt8], at path: String) {
        let encoded = bank.encoded()
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Data(key + SHA256.hash(data: encoded) + encoded).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            // Only a cache: the next shell assembles the bank from the files again.
        }
    }

    /// The whole file, read without Foundation; nil when it cannot be read or is implausibly large.
    private static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size < 64 << 20 else { return nil }
        let size = Int(status.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let got = read(descriptor, buffer.baseAddress! + count, size - count)
                if got > 0 {
                    count += got
                } else if got < 0, errno == EINTR {
                    continue
                } else {
                    complete = false
                    break
                }
            }
        }
        return complete ? bytes : nil
    }
}

/// SHA-256 over length-prefixed values, so no two different sequences of values digest alike.
private struct Digest {
    private var hasher = SHA256()

    mutating func add(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { hasher.update(bufferPointer: $0) }
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            add(bytes.count)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        }
    }

    var bytes: [UInt8] { Array(hasher.finalize()) }
}
