import Testing
@testable import ScoringCore
@Test func placeholderScoringCore() { #expect(Bool(true)) }
