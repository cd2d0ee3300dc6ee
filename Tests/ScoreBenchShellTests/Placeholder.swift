import Testing
@testable import ScoreBenchShell
@Test func placeholderScoreBenchShell() { #expect(Bool(true)) }
