import Testing
@testable import ScoringStore
@Test func placeholderScoringStore() { #expect(Bool(true)) }
