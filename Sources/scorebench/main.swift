import Foundation
import ScoreBenchShell

// A closed pipe (`scorebench -c scores | head`) must end output quietly, not kill the process.
signal(SIGPIPE, SIG_IGN)
exit(Program.main(arguments: Array(CommandLine.arguments.dropFirst())))
