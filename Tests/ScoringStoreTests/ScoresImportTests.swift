import Foundation
import Testing
import ScoringCore
@testable import ScoringStore

@Suite(.scratchSchemas) struct ScoresImportTests {
    let bank = Fixtures.bank()
    let header = "student,task,rater,criterion,score,component,kind,scored_at,note\n"

    func importing(_ text: String, into store: any Store, addMissing: Bool = false) throws -> ScoresImportSummary {
        try store.importScores(path: try Fixtures.file(text), displayName: "scores.csv", bank: bank, addMissing: addMissing, at: Fixtures.time)
    }

    @Test(arguments: Engine.available) func rowsOfOneReadBecomeOneRead(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let summary = try importing(
            header + """
                s-1,essay-task,r-1,claim,3,,,2026-10-05T13:00:00Z,"Cites ""Source B"", well"
                s-1,essay-task,r-1,evidence,2,,,2026-10-05T13:00:00Z,
                s-1,essay-task,r-1,style,4,,,2026-10-05T13:00:00Z,"Cites ""Source B"", well"
                s-1,essay-task,r-2,style,3,main,read,2026-10-06T09:30:00+02:00,
                s-1,essay-task,r-2,claim,3,main,read,2026-10-06T09:30:00+02:00,
                s-1,essay-task,r-2,evidence,3,main,read,2026-10-06T09:30:00+02:00,
                """, into: store)
        #expect(summary == ScoresImportSummary(file: "scores.csv", rows: 6, reads: 2, recorded: 2, corrected: 0, unchanged: 0, studentsAdded: 0, ratersAdded: 0))
        let reads = try store.currentReads()
        #expect(reads.map(\.rater) == ["r-1", "r-2"])
        #expect(reads[0].scores.map(\.score) == [3, 2, 4])
        #expect(reads[0].note == "Cites \"Source B\", well")
        #expect(reads[1].scores.map(\.criterion) == ["claim", "evidence", "style"])
        #expect(reads[1].scoredAt.description == "2026-10-06T07:30:00Z")
    }

    /// The parser tries the criterion after the last row's first, by its bytes: rows in the
    /// rubric's order, out of it, quoted, repeated, or naming no criterion of the rubric each
    /// end as the rows say.
    @Test(arguments: Engine.available) func criteriaInAnyOrderAreEachTheirOwn(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let summary = try importing(
            header + """
                s-1,essay-task,r-1,claim,1,,,,
                s-1,essay-task,r-1,evidence,2,,,,
                s-1,essay-task,r-1,style,3,,,,
                s-2,essay-task,r-1,style,4,,,,
                s-2,essay-task,r-1,evidence,3,,,,
                s-2,essay-task,r-1,"claim",2,,,,
                s-3,essay-task,r-1,"evidence",1,,,,
                s-3,essay-task,r-1,claim,4,,,,
                s-3,essay-task,r-1,style,1,,,,
                """, into: store, addMissing: true)
        #expect(summary.recorded == 3)
        let reads = try store.currentReads()
        #expect(reads.map { $0.scores.map(\.score) } == [[1, 2, 3], [2, 3, 4], [4, 1, 1]])
        let error = #expect(throws: StoreError.self) {
            try importing(
                header + "s-4,essay-task,r-1,claim,1,,,,\ns-4,essay-task,r-1,evidence,2,,,,\ns-4,essay-task,r-1,evidence,3,,,,\n"
                    + "s-4,essay-task,r-1,claims,3,,,,\n", into: store, addMissing: true)
        }
        #expect(error?.details.first == "scores.csv:4: criterion 'evidence' of this read is already given on line 3")
        #expect(error?.details.count == 2)
        #expect(error?.details.last == "scores.csv:5: essay has no criterion 'claims'; did you mean 'claim'?")
    }

    /// More reads than one batch of the streamed import (8,192), with rows of one read apart:
    /// every read is recorded once, a second import finds each unchanged, and a bad last line
    /// still leaves nothing.
    @Test(arguments: Engine.available) func aFileOfManyBatchesIsRecordedWhole(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let students = 10_000
        var text = "student,task,rater,criterion,score\n"
        for criterion in ["claim", "evidence", "style"] {
            for student in 0..<students { text += "s-\(student),essay-task,r-\(student % 7),\(criterion),\(1 + student % 4)\n" }
        }
        let first = try importing(text, into: store, addMissing: true)
        #expect(first.rows == 3 * students && first.reads == students && first.recorded == students)
        let reads = try store.currentReads()
        #expect(reads.count == students)
        #expect(reads.first { $0.student == "s-9999" }?.scores.map(\.score) == [4, 4, 4])
        let again = try importing(text, into: store)
        #expect(again.unchanged == students && again.recorded == 0)
        #expect(throws: StoreError.self) {
            try importing(text.replacingOccurrences(of: "s-42,essay-task,r-0,style,3", with: "s-42,essay-task,r-0,style,9") + "s-1,essay-task,r-1,claim,3\n", into: store)
        }
        #expect(try store.readHistory(ReadFilter()).count == students)
    }

    @Test(arguments: Engine.available) func importingTheSameFileTwiceChangesNothingTheSecondTime(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let text = header + "s-1,essay-task,r-1,claim,3\ns-1,essay-task,r-1,evidence,2\ns-1,essay-task,r-1,style,4\n".replacingOccurrences(of: "\n", with: ",,,,\n")
        #expect(try importing(text, into: store).recorded == 1)
        let again = try importing(text, into: store)
        #expect(again.unchanged == 1)
        #expect(again.recorded == 0)
        #expect(try store.readHistory(ReadFilter()).count == 1)
    }

    @Test(arguments: Engine.available) func aChangedScoreIsCountedAsACorrection(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        _ = try store.record([Fixtures.essayRead(3, 2, 4)], rubrics: bank.rubrics, at: Fixtures.time)
        let summary = try importing(
            "student,task,rater,criterion,score\ns-1,essay-task,r-1,claim,3\ns-1,essay-task,r-1,evidence,3\ns-1,essay-task,r-1,style,4\n",
            into: store)
        #expect(summary.corrected == 1)
        #expect(try store.currentReads().map { $0.score(for: "evidence") } == [3])
    }

    @Test(arguments: Engine.available) func anyErrorImportsNothingAndReportsEveryBadLine(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let error = #expect(throws: StoreError.self) {
            try importing(
                header + """
                    s-1,essay-task,r-1,claim,3,,,,
                    s-1,essay-task,r-1,evidence,5,,,,
                    s-1,essay-task,r-1,style,4,,,,
                    s-2,essay-task,r-1,claim,x,,,,
                    s-2,essay-task,r-1,evidnce,2,,,,
                    s-2,essay-task,r-1,style,2,,,,
                    s-2,essay-task,r-1,style,3,,,,
                    s-2,esay-task,r-1,claim,2,,,,
                    s-2,essay-task,r-1,claim,2,paper,,,
                    s-2,essay-task,r-1,claim,2,,draft,,
                    s-2,essay-task,r-1,claim,2,,,yesterday,
                    "s 3",essay-task,r-1,claim,2,,,,
                    s-2,essay-task,r-1,claim,2,,,
                    s-1,essay-task,r-2,claim,1,,,,
                    """, into: store)
        }
        #expect(error?.message == "scores.csv: 11 bad lines; nothing was imported")
        // Worked out by hand: lines 3, 5 and 6 are bad rows, reported there alone (the reads they
        // belong to are not reported again as missing those criteria); line 8 repeats line 7's;
        // line 15 starts a read that really lacks two criteria.
        #expect(
            error?.details == [
                "scores.csv:3: criterion 'evidence' has score 5; essay scores are 1-4",
                "scores.csv:5: criterion 'claim' has score 'x'; essay scores are 1-4",
                "scores.csv:6: essay has no criterion 'evidnce'; did you mean 'evidence'?",
                "scores.csv:8: criterion 'style' of this read is already given on line 7",
                "scores.csv:9: unknown task 'esay-task'; did you mean 'essay-task'?",
                "scores.csv:10: task essay-task has a single part; leave the component empty (or 'main'), not 'paper'",
                "scores.csv:11: kind 'draft' is not one of read, adjudication, backread, master, calibration, validity",
                "scores.csv:12: scored_at 'yesterday' is not an ISO 8601 date-time such as 2026-10-05T14:03:00Z",
                "scores.csv:13: student id 's 3' may contain only ASCII letters (A-Z, a-z), digits, '.', '_', '-' and '@', starting with a letter or digit",
                "scores.csv:14: expected 9 fields as in the header, found 8",
                "scores.csv:15: the read of s-1 by r-2: missing criteria 'evidence', 'style'; every criterion of essay must be scored",
            ])
        #expect(try store.currentReads().isEmpty)
    }

    @Test(arguments: Engine.available) func unknownStudentsAndRatersAreErrorsUnlessAddMissing(engine: Engine) throws {
        let store = try Fixtures.store(engine, students: ["s-1"], raters: ["r-1"])
        let text = "student,task,rater,criterion,score\ns-9,essay-task,r-9,claim,3\ns-9,essay-task,r-9,evidence,2\ns-9,essay-task,r-9,style,4\n"
        let error = #expect(throws: StoreError.self) { try importing(text, into: store) }
        #expect(error?.message == "scores.csv: 3 bad lines; nothing was imported (1 unknown student and 1 unknown rater: add them to the rosters, or import with --add-missing)")
        #expect(error?.details.first == "scores.csv:2: unknown student 's-9'; unknown rater 'r-9'")
        let summary = try importing(text, into: store, addMissing: true)
        #expect(summary.studentsAdded == 1)
        #expect(summary.ratersAdded == 1)
        #expect(try store.student("s-9") == Student(id: "s-9"))
        #expect(try store.rater("r-9") == Rater(id: "r-9"))
    }

    @Test(arguments: Engine.available) func aHeaderWithoutRequiredColumnsOrWithUnknownOnesIsRefused(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let error = #expect(throws: StoreError.self) { try importing("student,task,rater,critera,score,scored at\n", into: store) }
        #expect(
            error?.details == [
                "scores.csv:1: unknown column 'critera'; did you mean 'criterion'? (columns: student, task, rater, criterion, score, component, kind, scored_at, note, session, code); unknown column 'scored at'; did you mean 'scored_at'?; the header has no 'criterion' column"
            ])
    }

    @Test(arguments: Engine.available) func badBytesAndQuotesAreReportedByLine(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let text = "student,task,rater,criterion,score,note\ns-1,essay-task,r-1,claim,3,\"never closed\ns-1,essay-task,r-1,evidence,3,\n"
        let error = #expect(throws: StoreError.self) { try importing(text, into: store) }
        #expect(error?.details == ["scores.csv:2: a quoted field is never closed"])

        var bytes = Array("student,task,rater,criterion,score,note\ns-1,essay-task,r-1,claim,3,".utf8)
        bytes += [0xFF, 0xFE, 0x0A]
        let path = try Fixtures.file("")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let invalid = #expect(throws: StoreError.self) {
            try store.importScores(path: path, displayName: "bad.csv", bank: bank, addMissing: false, at: Fixtures.time)
        }
        #expect(invalid?.details.first == "bad.csv:2: the note is not UTF-8 text or holds a NUL byte")
    }

    @Test(arguments: Engine.available) func aMissingFileSaysSo(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let error = #expect(throws: StoreError.self) {
            try store.importScores(path: "/nonexistent/scores.csv", bank: bank, addMissing: false, at: Fixtures.time)
        }
        #expect(error?.message == "cannot read /nonexistent/scores.csv: no such file")
    }

    @Test(arguments: Engine.available) func componentsOfAMultiPartTaskUseTheirOwnRubrics(engine: Engine) throws {
        let store = try Fixtures.store(engine)
        let summary = try importing(
            "student,task,component,rater,criterion,score\ns-1,capstone,defense,r-1,delivery,2\ns-1,capstone,paper,r-1,claim,3\ns-1,capstone,paper,r-1,evidence,3\ns-1,capstone,paper,r-1,style,3\n",
            into: store)
        #expect(summary.reads == 2)
        let reads = try store.currentReads()
        #expect(reads.map(\.component) == ["defense", "paper"])
        #expect(reads.map(\.rubric) == ["talk", "essay"])
        let error = #expect(throws: StoreError.self) {
            try importing("student,task,rater,criterion,score\ns-1,capstone,r-1,delivery,2\n", into: store)
        }
        #expect(error?.details == ["scores.csv:2: task capstone has components paper, defense; name one"])
    }
}
