@preconcurrency import CReadline
import Foundation
import ScoringCore
import Synchronization

/// Lines typed at a GNU readline prompt, with persistent history, tab completion, Ctrl-C that
/// abandons the line being typed, and Ctrl-D that leaves.
public final class ReadlineSource: LineSource {
    private let prompt: () -> String
    private let historyPath: String?
    private var number = 0
    private var lastEntry: String?

    /// - Parameters:
    ///   - prompt: the prompt for the next line (it shows who the shell acts as).
    ///   - historyPath: the history file, created 0600; nil for no persistent history.
    ///   - completer: what Tab offers.
    public init(prompt: @escaping () -> String, historyPath: String?, completer: Completer) {
        self.prompt = prompt
        self.historyPath = historyPath
        ReadlineHooks.completer = completer
        rl_readline_name = UnsafePointer(ReadlineHooks.name)
        rl_variable_bind("enable-bracketed-paste", "off")
        // Ids may hold '@', '.' and '-', and scores are typed as claim=3: only blanks separate words.
        rl_completer_word_break_characters = UnsafePointer(ReadlineHooks.wordBreaks)
        rl_completer_quote_characters = UnsafePointer(ReadlineHooks.quotes)
        rl_attempted_completion_function = attemptCompletion
        using_history()
        if let historyPath {
            let descriptor = open(historyPath, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0o600)
            if descriptor >= 0 { close(descriptor) }
            read_history(historyPath)
            history_truncate_file(historyPath, 2000)
        }
        ReadlineHooks.installInterruptHandler()
    }

    public func nextLine() -> InputLine? {
        ReadlineHooks.insideReadline.store(true, ordering: .sequentiallyConsistent)
        let raw = readline(prompt())
        ReadlineHooks.insideReadline.store(false, ordering: .sequentiallyConsistent)
        guard let raw else {
            // Ctrl-D on an empty line: leave on a fresh line.
            FileDescriptorSink(descriptor: STDOUT_FILENO).write("\n")
            return nil
        }
        defer { free(raw) }
        number += 1
        let text = String(cString: raw)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed != lastEntry {
            add_history(text)
            lastEntry = trimmed
            if let historyPath { append_history(1, historyPath) }
        }
        return InputLine(number: number, text: text)
    }

    /// Asks a question at its own prompt (`score @CODE` asking for each criterion): Tab offers
    /// `choices`, nothing goes into the history, and Ctrl-C or Ctrl-D gives up (nil).
    public func ask(preamble: String, prompt: String, choices: [String]) -> String? {
        FileDescriptorSink(descriptor: STDOUT_FILENO).write(preamble)
        ReadlineHooks.choices = choices
        ReadlineHooks.askInterrupted.store(false, ordering: .sequentiallyConsistent)
        ReadlineHooks.asking.store(true, ordering: .sequentiallyConsistent)
        let previousGetc = rl_getc_function
        rl_getc_function = pollingGetc
        defer {
            rl_getc_function = previousGetc
            ReadlineHooks.asking.store(false, ordering: .sequentiallyConsistent)
            ReadlineHooks.choices = nil
        }
        ReadlineHooks.insideReadline.store(true, ordering: .sequentiallyConsistent)
        let raw = readline(prompt)
        ReadlineHooks.insideReadline.store(false, ordering: .sequentiallyConsistent)
        guard let raw else {
            FileDescriptorSink(descriptor: STDOUT_FILENO).write("\n")
            return nil
        }
        defer { free(raw) }
        if ReadlineHooks.askInterrupted.load(ordering: .sequentiallyConsistent) { return nil }
        return String(cString: raw)
    }
}

extension ReadlineSource {
    /// Asks for a secret (a login's password): what is typed is never shown nor kept in the
    /// history, Tab offers nothing, and Ctrl-C or Ctrl-D gives up (nil).
    public func askSecret(prompt: String) -> String? {
        let previousRedisplay = rl_redisplay_function
        rl_redisplay_function = silentRedisplay
        defer { rl_redisplay_function = previousRedisplay }
        FileDescriptorSink(descriptor: STDOUT_FILENO).write(prompt)
        let answer = ask(preamble: "", prompt: "", choices: [])
        if answer != nil { FileDescriptorSink(descriptor: STDOUT_FILENO).write("\n") }
        return answer
    }
}

/// readline's redisplay while a secret is typed: the line stays hidden.
private func silentRedisplay() {}

/// readline's way of reading a key while a question is asked: it waits in short slices so that
/// Ctrl-C, which only sets a flag, can end the question with an empty answer.
private func pollingGetc(_ stream: UnsafeMutablePointer<FILE>?) -> Int32 {
    while true {
        // readline only notes a signal in its handler and acts on it at a safe point; its own
        // getc is one, so this one must be too, or Ctrl-C would never reach the shell's handler.
        rl_check_signals()
        if ReadlineHooks.askInterrupted.load(ordering: .sequentiallyConsistent) { return 10 }
        var poller = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, 100)
        if ready < 0, errno == EINTR { continue }
        if ready <= 0 { continue }
        var byte: UInt8 = 0
        let count = read(STDIN_FILENO, &byte, 1)
        if count == 1 { return Int32(byte) }
        if count < 0, errno == EINTR { continue }
        return EOF
    }
}

/// readline's callbacks are C function pointers without a context argument, so what they need
/// lives here, set once before the first prompt and used only on the main thread.
enum ReadlineHooks {
    nonisolated(unsafe) static var completer: Completer?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var nextMatch = 0
    /// While a question is asked: what Tab offers instead of the command completions.
    nonisolated(unsafe) static var choices: [String]?
    static let insideReadline = Atomic<Bool>(false)
    /// A question is being asked (`ask`), and whether Ctrl-C gave it up.
    static let asking = Atomic<Bool>(false)
    static let askInterrupted = Atomic<Bool>(false)

    nonisolated(unsafe) static let name = strdup("scorebench")!
    nonisolated(unsafe) static let wordBreaks = strdup(" \t\n")!
    nonisolated(unsafe) static let quotes = strdup("\"'")!
}

private func attemptCompletion(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    rl_attempted_completion_over = 1
    if let choices = ReadlineHooks.choices {
        let typed = String(cString: text!)
        ReadlineHooks.matches = choices.filter { $0.hasPrefix(typed) }
        ReadlineHooks.nextMatch = 0
        guard !ReadlineHooks.matches.isEmpty else { return nil }
        rl_completion_append_character = 0
        return rl_completion_matches(text, generateMatch)
    }
    guard let completer = ReadlineHooks.completer, let buffer = rl_line_buffer else { return nil }
    let line = String(cString: buffer)
    let prefix = String(decoding: line.utf8.prefix(Int(end)), as: UTF8.self)
    switch completer.complete(prefix) {
    case .files:
        rl_attempted_completion_over = 0
        return nil
    case .words(let words):
        guard !words.isEmpty else { return nil }
        ReadlineHooks.matches = words
        ReadlineHooks.nextMatch = 0
        // A criterion offered as `claim=` needs its level next: no space after it.
        rl_completion_append_character = words.count == 1 && words[0].hasSuffix("=") ? 0 : 32
        return rl_completion_matches(text, generateMatch)
    }
}

private func generateMatch(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    guard ReadlineHooks.nextMatch < ReadlineHooks.matches.count else { return nil }
    ReadlineHooks.nextMatch += 1
    return strdup(ReadlineHooks.matches[ReadlineHooks.nextMatch - 1])
}

extension ReadlineHooks {

    /// Ctrl-C at the prompt abandons the line and shows a fresh prompt; it never ends the shell.
    static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = interrupt
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        // A shell started by a program that blocks SIGINT (a test runner's thread, say)
        // inherits the mask; Ctrl-C must still reach the prompt.
        var interruptOnly = sigset_t()
        sigemptyset(&interruptOnly)
        sigaddset(&interruptOnly, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interruptOnly, nil)
    }
}

/// SIGINT: at the prompt, abandon the line; while a command runs, note it for commands that poll.
private func interrupt(_ signal: Int32) {
    guard ReadlineHooks.insideReadline.load(ordering: .sequentiallyConsistent) else {
        Interruption.request()
        return
    }
    if ReadlineHooks.asking.load(ordering: .sequentiallyConsistent) {
        ReadlineHooks.askInterrupted.store(true, ordering: .sequentiallyConsistent)
    }
    _ = write(STDOUT_FILENO, "\n", 1)
    rl_on_new_line()
    rl_replace_line("", 0)
    rl_redisplay()
}
