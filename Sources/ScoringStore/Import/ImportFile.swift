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
