import Foundation
import ScoringCore

/// Writes the files ScoreBench produces (exports, transcripts, reports, an imported framework):
/// whole or not at all, never over anything but a regular file, never over the store itself,
/// readable by the owner only.
///
/// Everything goes through POSIX calls on the path exactly as given: Foundation's
/// `URL(fileURLWithPath:)` expands `~` and `FileManager.replaceItemAt` can delete the file it
/// replaces on Linux, and a path checked in one form but written in another is how an export
/// once moved a home folder away.
public enum OutputFile {
    /// Writes all of `text` to `descriptor`, retrying short and interrupted writes.
    /// - Returns: 0, or the `errno` of the write that failed.
    public static func writeAll(_ text: String, to descriptor: Int32) -> Int32 {
        var bytes = text
        return bytes.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
    }

    /// Writes `contents` to `path`: a temporary file beside it (mode 0600 unless told otherwise),
    /// flushed to disk, then renamed over `path` in one step, so a reader sees the old file or the
    /// new one and a failed write leaves the old file as it was.
    ///
    /// - Parameters:
    ///   - path: the file to write, relative to the current folder or absolute; `~` is a name.
    ///   - store: the store's own file, which no export may replace (nor its `-wal`, `-shm` and
    ///     `-journal` companions); nil when the store is not a file.
    ///   - mode: the new file's permissions (less the umask); only public content, such as a
    ///     content file of the bank, should be readable by others.
    ///   - audit: run once the contents are safely on disk and before they take the file's
    ///     name: where an export is recorded in the audit trail. When it throws, nothing is
    ///     written.
    /// - Throws: `ServiceError` saying what is wrong with `path`; nothing was written then.
    public static func write(
        _ contents: String, to path: String, protecting store: String?, mode: mode_t = 0o600, audit: (() throws -> Void)? = nil
    ) throws {
        let target = try check(path, protecting: store)
        let temporary = target.folder + "/.\(target.name).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw failure(path, errno) }
        var problem = Self.writeAll(contents, to: descriptor)
        if problem == 0, fsync(descriptor) != 0 { problem = errno }
        if close(descriptor) != 0, problem == 0 { problem = errno }
        if problem == 0, let audit {
            do {
                try audit()
            } catch {
                unlink(temporary)
                throw error
            }
        }
        if problem == 0, rename(temporary, path) != 0 { problem = errno }
        guard problem == 0 else {
            unlink(temporary)
            throw failure(path, problem)
        }
        // The rename is durable once the folder's entry is on disk too.
        let folder = open(target.folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// Creates `path` as a new file, never over anything: `fill` writes it as a temporary file
    /// beside it (made empty, mode 0600), which is flushed to disk and then linked into place in
    /// one step that fails if anything appeared at `path` meanwhile.
    ///
    /// - Parameters:
    ///   - path: the file to create, relative to the current folder or absolute; `~` is a name.
    ///   - command: the command, for the message refusing a path that exists.
    ///   - store: the store's own file; nil when the store is not a file.
    ///   - fill: writes the temporary file whose path it is given.
    /// - Returns: what `fill` returned.
    /// - Throws: `ServiceError` saying what is wrong with `path`, or what `fill` threw; nothing
    ///   is left behind then.
    public static func create<T>(_ path: String, by command: String, protecting store: String?, _ fill: (String) throws -> T) throws -> T {
        let target = try check(path, protecting: store)
        var status = stat()
        if lstat(path, &status) == 0 { throw exists(path, command) }
        let temporary = target.folder + "/.\(target.name).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure(path, errno) }
        close(descriptor)
        let value: T
        do {
            value = try fill(temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        var problem: Int32 = 0
        let written = open(temporary, O_RDONLY | O_CLOEXEC)
        if written < 0 || fsync(written) != 0 { problem = errno }
        if written >= 0 { close(written) }
        // link() refuses an existing name, atomically; a file system without hard links gets a
        // rename after a last look.
        if problem == 0, link(temporary, path) != 0 {
            problem = errno
            if [EPERM, ENOTSUP, EXDEV, EMLINK].contains(problem), lstat(path, &status) != 0 {
                problem = rename(temporary, path) == 0 ? 0 : errno
            }
        }
        unlink(temporary)
        if problem == EEXIST { throw exists(path, command) }
        guard problem == 0 else { throw failure(path, problem) }
        let folder = open(target.folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
        return value
    }

    private static func exists(_ path: String, _ command: String) -> ServiceError {
        ServiceError("cannot write \(Quoting.visible(path)): it already exists, and '\(command)' never writes over a file; give a new name")
    }

    /// Where `path` would be written, or why it must not be.
    private static func check(_ path: String, protecting store: String?) throws -> (folder: String, name: String) {
        guard !path.isEmpty else { throw ServiceError("give a file name to write to") }
        let shown = Quoting.visible(path)
        if path.hasSuffix("/") { throw ServiceError("cannot write \(shown): it is a folder; give a file name inside it") }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if name == "." || name == ".." {
            throw ServiceError("cannot write \(shown): it is a folder; give a file name inside it")
        }
        var status = stat()
        guard stat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw ServiceError("cannot write \(shown): there is no folder \(Quoting.visible(folder))")
        }
        if lstat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw ServiceError("cannot write \(shown): it is a folder; give a file name inside it")
            case S_IFLNK where stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR:
                throw ServiceError("cannot write \(shown): it is a folder; give a file name inside it")
            case S_IFLNK:
                throw ServiceError("cannot write \(shown): it is a symbolic link; ScoreBench replaces only regular files")
            default: throw ServiceError("cannot write \(shown): it is not a regular file")
            }
        }
        if let store, isStoreFile(folder: folder, name: name, store: store) {
            throw ServiceError("cannot write \(shown): it is the store ScoreBench has open; choose another name")
        }
        return (folder, name)
    }

    /// Whether `folder/name` is the store file or one of SQLite's companions of it, by the
    /// folders' real paths (so `./x`, `sub/../x` and a symbolic link to the folder all match)
    /// and, for a file that exists, by device and inode (a hard link matches too).
    private static func isStoreFile(folder: String, name: String, store: String) -> Bool {
        let storeSlash = store.lastIndex(of: "/")
        let storeFolder = storeSlash.map { $0 == store.startIndex ? "/" : String(store[..<$0]) } ?? "."
        let storeName = storeSlash.map { String(store[store.index(after: $0)...]) } ?? store
        let companions = ["", "-wal", "-shm", "-journal"].map { storeName + $0 }
        if let real = realPath(folder), let storeReal = realPath(storeFolder), real == storeReal, companions.contains(name) {
            return true
        }
        var target = stat(), file = stat()
        guard stat(folder + "/" + name, &target) == 0 else { return false }
        for companion in companions where stat(storeFolder + "/" + companion, &file) == 0 {
            if file.st_dev == target.st_dev, file.st_ino == target.st_ino { return true }
        }
        return false
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func failure(_ path: String, _ code: Int32) -> ServiceError {
        ServiceError("cannot write \(Quoting.visible(path)): \(String(cString: strerror(code))); nothing was changed")
    }
}
