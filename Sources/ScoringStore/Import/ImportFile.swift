import Foundation

/// Reading the files imports take.
public enum ImportFile {
    /// A file to import, mapped rather than copied where the system allows. `-` (or
    /// `/dev/stdin`, or a named pipe) is read as a stream to its end.
    public static func contents(of path: String, name: String) throws -> Data {
        guard !path.isEmpty else { throw StoreError("give the file to import") }
        let descriptor = path == "-" ? dup(STDIN_FILENO) : Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError("cannot read \(name): \(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw StoreError("cannot read \(name): \(String(cString: strerror(errno)))") }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            throw StoreError("cannot read \(name): it is a folder, not a file")
        case S_IFREG:
            do {
                return try Data(contentsOf: URL(fileURLWithPath: "/dev/fd/\(descriptor)"), options: .mappedIfSafe)
            } catch {
                throw StoreError("cannot read \(name): \(reason(error))")
            }
        default:
            var data = Data()
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else { throw StoreError("cannot read \(name): \(String(cString: strerror(errno)))") }
                if count == 0 { return data }
                data.append(contentsOf: chunk[0..<count])
            }
        }
    }

    /// A short reason for a file error, for messages.
    public static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}

/// A file to import as bytes: a regular file mapped, so that the pages a parser has gone past
/// can be let go (a statewide file is read once, front to back, and need not stay resident);
/// anything else read into memory as `ImportFile.contents` does.
final class ImportBytes {
    private var mapping: UnsafeMutableRawPointer?
    private var size = 0
    private var data: Data?
    private var released = 0

    init(path: String, name: String) throws {
        if path != "-", let mapped = Self.map(path) {
            (mapping, size) = mapped
        } else {
            data = try ImportFile.contents(of: path, name: name)
        }
    }

    init(data: Data) throws {
        self.data = data
    }

    deinit {
        if let mapping, size > 0 { munmap(mapping, size) }
    }

    /// The contents as `Data` (copied from a mapping), for the JSON form.
    var contents: Data {
        if let data { return data }
        guard let mapping else { return Data() }
        return Data(bytes: mapping, count: size)
    }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let data {
            return try data.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
        }
        return try body(UnsafeBufferPointer(start: mapping?.assumingMemoryBound(to: UInt8.self), count: size))
    }

    /// Lets go of the pages before `offset`; reading them again brings them back from the file.
    func release(upTo offset: Int) {
        guard let mapping else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = min(offset, size) / page * page
        guard end > released else { return }
        _ = madvise(mapping, end, MADV_DONTNEED)
        released = end
    }

    /// A regular, non-empty file mapped read-only; nil for anything else (read it instead).
    ///
    /// Looked at before it is opened: opening a named pipe would take its writer, whose data
    /// the read that follows would then wait for in vain.
    private static func map(_ path: String) -> (UnsafeMutableRawPointer, Int)? {
        var before = stat()
        guard stat(path, &before) == 0, before.st_mode & S_IFMT == S_IFREG else { return nil }
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 else { return nil }
        let size = Int(status.st_size)
        guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), pointer != MAP_FAILED else { return nil }
        _ = madvise(pointer, size, MADV_SEQUENTIAL)
        return (pointer, size)
    }
}

extension ImportBytes {
    /// Text made in memory (the CSV a JSON file stands for).
    convenience init(csv: String) throws {
        try self.init(data: Data(csv.utf8))
    }
}
