import Foundation
import Testing

/// `report KIND … --out FILE.html` (SPEC 14): each kind's page parses strictly, loads nothing,
/// is private, and every number on it is the JSON of the command it names, on the same store and
/// as the same identity sees it.
@Suite struct ReportTests {
    static let reports = Harness.fixtures.appendingPathComponent("Reports")

    /// A workspace whose store holds what the fixture script `name` records.
    static func store(_ name: String, bundled: Bool = false) throws -> URL {
        let folder = try Harness.workspace(bundledContent: bundled)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("reports"), withDestinationURL: reports)
        let run = try Harness.run(["-f", reports.appendingPathComponent(name + ".sb").path], in: folder)
        #expect(run.status == 0, "\(name).sb: \(run.stderr)")
        return folder
    }

    /// The lock-out settings of the fixture task essay-task's scoring plan, which the event page shows.
    static let eventSettings: [String: Double] = ["scoring.lockout.exact": 0.5, "scoring.lockout.within_one": 0.9]

    /// Writes the report `command` in `folder` (as `identity`, if any), then checks the page and
    /// every number on it.
    ///
    /// - Returns: the page, and how many values were checked.
    @discardableResult
    static func report(
        _ command: String, in folder: URL, as identity: String? = nil, settings: [String: Double] = [:]
    ) throws -> (page: PageDocument, checked: Int) {
        let arguments = identity.map { ["--as", $0] } ?? []
        let run = try Harness.run(arguments + ["-c", command], in: folder)
        #expect(run.stderr == "")
        #expect(run.status == 0)
        let name = command.split(separator: " ").last.map(String.init) ?? ""
        let file = folder.appendingPathComponent(name)
        let page = try PageDocument(file: file)
        let structure = try ReportPageChecker.structuralProblems(page, file: file)
        #expect(structure.isEmpty, "\(command): \(structure.joined(separator: "\n"))")
        var checker = ReportPageChecker(folder: folder, arguments: arguments, settings: settings)
        let (problems, checked) = try checker.problems(in: page)
        #expect(problems.isEmpty, "\(command):\n\(problems.prefix(20).joined(separator: "\n"))")
        return (page, checked)
    }

    static func texts(_ page: PageDocument, _ name: String) -> [String] {
        page.elements.filter { $0.name == name }.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    // MARK: - Each kind

    @Test func agreementShowsEveryCoefficientOfIrrWithItsInterval() throws {
        let folder = try Self.store("bundled", bundled: true)
        let (page, checked) = try Self.report("report agreement --task ela-skate-park --out agreement.html", in: folder)
        // Five criteria: the shares, then per criterion 16 coefficients (value, low, high) and a 4 x 4 read-1 x read-2 table.
        #expect(checked > 5 * 16 * 3 + 5 * 16)
        #expect(page.elements.filter { $0.name == "figure" }.count == 1 + 5 * 2)
        #expect(page.elements.filter { $0.name == "svg" }.count == 11)
        let undefined = page.elements.indices.filter { page.elements[$0].name == "td" && page.elements[$0].text == "—" }
        #expect(undefined.allSatisfy { page.pointer($0) != nil })
        // Every criterion's table says which coefficient each row is, as irr's JSON keys them.
        #expect(page.elements.filter { $0.attributes["data-key"] != nil }.count >= 5 * 16 * 2)
        #expect(page.source.contains("irr --task ela-skate-park --criterion claim --matrix"))
    }

    @Test func ratersDrawsTheRulerSeverityFitFairAveragesAndAgreementOverTime() throws {
        let folder = try Self.store("bundled", bundled: true)
        let (page, _) = try Self.report("report raters --task ela-skate-park --out raters.html", in: folder)
        let commands = Set(page.elements.compactMap { $0.attributes["data-command"] })
        #expect(commands == ["rasch --task ela-skate-park", "monitor --task ela-skate-park"])
        // Students are counted per band, never drawn one by one; raters and criteria are named.
        let histogram = page.elements.filter { $0.attributes["data-derived"] == "histogram" }
        #expect(!histogram.isEmpty)
        let counted = histogram.filter { $0.name == "td" }.compactMap { Int($0.text) }.reduce(0, +)
        let rasch = try Harness.run(["--format", "json", "-c", "rasch --task ela-skate-park"], in: folder)
        let students = ((try JSONSerialization.jsonObject(with: Data(rasch.stdout.utf8)) as? [String: Any])?["students"] as? [String: Any])?["elements"] as? [[String: Any]]
        #expect(counted == students?.filter { $0["measure"] is Double }.count)
        #expect(counted > 0)
        let ruler = page.elements.filter { $0.name == "text" && $0.attributes["data-json"]?.hasPrefix("/raters/elements/") == true }
        #expect(Set(ruler.map(\.text)).isSuperset(of: ["r-alvarez", "r-chen", "r-okafor", "r-patel"]))
    }

    @Test func ratersWithAnExtremeStudentCountsThemAboveTheRuler() throws {
        let folder = try Self.store("measurement")
        let (page, _) = try Self.report("report raters --task essay-task --out raters.html", in: folder)
        #expect(page.elements.contains { $0.attributes["data-derived"] == "extreme-maximum" && $0.text.hasPrefix("1") })
    }

    @Test func manyRatersAreChartedFortyToAFigureAndCountedOnTheRuler() throws {
        // 45 raters, each reading 6 of 90 students with the next rater and one eight further
        // on, over three weeks. (With two raters a student, one rater always scoring below the
        // next on their two shared students gives the likelihood no finite maximum.)
        let folder = try Harness.workspace()
        var csv = "student,task,rater,criterion,score,scored_at\n"
        var seed: UInt64 = 20_261_123
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        for student in 0..<90 {
            let ability = student % 4
            for rater in [student % 45, (student + 1) % 45, (student + 9) % 45] {
                let day = 1 + (student % 3) * 7
                for criterion in ["claim", "evidence", "style"] {
                    let score = min(4, max(1, 1 + ability + (next() % 3) - 1))
                    csv += "m-\(student),essay-task,q-\(rater),\(criterion),\(score),2026-11-\(day < 10 ? "0" : "")\(day)T09:00:00Z\n"
                }
            }
        }
        try csv.write(to: folder.appendingPathComponent("many.csv"), atomically: true, encoding: .utf8)
        #expect(try Harness.run(["-c", "import scores many.csv --add-missing"], in: folder).status == 0)
        let (page, _) = try Self.report("report raters --task essay-task --out raters.html", in: folder)
        let figures = page.elements.compactMap { $0.name == "figure" ? $0.attributes["id"] : nil }
        #expect(figures.filter { $0.hasPrefix("severity-") } == ["severity-1", "severity-2"])
        #expect(figures.filter { $0.hasPrefix("over-time-") } == ["over-time-1", "over-time-2"])
        // More than 30 raters: the ruler counts them per band instead of naming them.
        #expect(page.elements.contains { $0.attributes["data-derived"] == "histogram" && $0.attributes["data-from"] == "/raters/elements" })
    }

    @Test func calibrationIsForLeadsWhileOpenAndForEveryoneOnceClosed() throws {
        let folder = try Self.store("calibration")
        try Self.report("report calibration --session cal-1 --out lead.html", in: folder, as: "lead-1")
        try Self.report("report calibration --session cal-1 --out coordinator.html", in: folder)
        // A rater is refused exactly as 'calibration report' refuses them, and nothing is written.
        let command = try Harness.run(["--as", "r-a", "-c", "calibration report cal-1"], in: folder)
        let report = try Harness.run(["--as", "r-a", "-c", "report calibration --session cal-1 --out rater.html"], in: folder)
        #expect(report.stderr == command.stderr)
        #expect(report.stderr.contains("still open"))
        #expect(report.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("rater.html").path))
        // Closed, the rater sees it too.
        #expect(try Harness.run(["--as", "lead-1", "-c", "session close cal-1"], in: folder).status == 0)
        let (page, _) = try Self.report("report calibration --session cal-1 --out rater.html", in: folder, as: "r-a")
        #expect(Self.texts(page, "td").contains("not qualified") == false)
        let qualified = page.sourced(endingIn: "/qualified").map(\.text)
        #expect(qualified == ["yes", "yes", "no", "no"])
        // The thresholds come from the session.
        #expect(page.elements.contains { $0.attributes["data-command"] == "session show cal-1" && $0.text == "75%" })
    }

    @Test func equityShowsRatesWithWilsonIntervalsGapsAndWithheldCells() throws {
        let folder = try Self.store("equity")
        let (page, _) = try Self.report("report equity --out equity.html", in: folder)
        // south has 9 students: withheld; north's 10 would give south away against all 19 students.
        let cells = page.elements.filter { $0.name == "td" }.map(\.text)
        #expect(cells.contains("*"))
        #expect(cells.contains("**"))
        #expect(page.source.contains("fewer than 10 students"))
        #expect(page.elements.contains { $0.attributes["data-derived"] == "wilson-low" })
        try Self.report("report equity --by grade --out grade.html", in: folder)
        try Self.report("report equity --by group --out group.html", in: folder)
    }

    @Test func equityGivesEachShownGroupsGapToAllStudents() throws {
        let folder = try Self.store("gaps")
        let (page, _) = try Self.report("report equity --out equity.html", in: folder)
        let gaps = page.elements.filter { $0.name == "td" && $0.attributes["data-derived"] == "gap" }.map(\.text)
        // adams and baker, in each of ARG and RES.
        #expect(gaps.count == 4)
        #expect(gaps.allSatisfy { $0.hasSuffix(" pts") })
        let withheld = page.elements.filter { $0.name == "td" && ($0.text == "*" || $0.text == "**") }.map(\.text)
        #expect(withheld == ["**", "**", "*", "*", "**", "**", "*", "*"])
        try Self.report("report equity --by group --out group.html", in: folder)
    }

    @Test func equityShowsRaterBiasByGroup() throws {
        let folder = try Self.store("bias")
        let (page, _) = try Self.report("report equity --by school --task essay-task --out equity.html", in: folder)
        let flagged = page.sourced(endingIn: "/flagged")
        #expect(flagged.count == 6)
        #expect(flagged.contains { $0.text == "yes" })
    }

    @Test func eventShowsProgressReadsPerDayValidityAndLockOuts() throws {
        let folder = try Self.store("event")
        let (page, _) = try Self.report("report event --task essay-task --out event.html", in: folder, settings: Self.eventSettings)
        #expect(page.sourced(endingIn: "/raters/1/locked").map(\.text) == ["LOCKED"])
        #expect(page.elements.contains { $0.attributes["data-setting"] == "scoring.lockout.exact" })
        // A rater's shell may not see an event's progress, as 'event status' says.
        let command = try Harness.run(["--as", "r-1", "-c", "event status --task essay-task"], in: folder)
        let report = try Harness.run(["--as", "r-1", "-c", "report event --task essay-task --out rater.html"], in: folder)
        #expect(report.stderr == command.stderr)
        #expect(report.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("rater.html").path))
    }

    @Test func aRatersReportShowsWhatTheRaterMaySeeAndNoMore() throws {
        let folder = try Self.store("event")
        // r-1's agreement and equity pages equal what r-1's own irr and proficiency show.
        let (page, _) = try Self.report("report agreement --task essay-task --out mine.html", in: folder, as: "r-1")
        try Self.report("report equity --out equity.html", in: folder, as: "r-1")
        // No one else's read of undecided event work shows: r-1 sees no pair of reads yet.
        #expect(page.source.contains("No submission has two reads"))
        for student in ["s-1", "s-2", "s-3", "s-4"] {
            #expect(!page.source.contains(">\(student)<"))
        }
    }

    @Test func aReportTheServiceCannotMakeFailsAsItsCommandDoes() throws {
        // The monitor transcript's series orders the students perfectly: rasch cannot measure it.
        let folder = try Self.store("monitor")
        let command = try Harness.run(["-c", "rasch --task essay-task"], in: folder)
        let report = try Harness.run(["-c", "report raters --task essay-task --out raters.html"], in: folder)
        #expect(report.stderr == command.stderr)
        #expect(report.stderr.hasPrefix("error: line 1: cannot measure essay-task"))
        #expect(report.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("raters.html").path))
        // Its agreement, which needs no model, can still be reported.
        try Self.report("report agreement --task essay-task --out agreement.html", in: folder)
    }

    @Test func dependabilityCoversEachDesign() throws {
        let folder = try Self.store("measurement")
        let (crossed, _) = try Self.report("report dependability --task essay-task --out crossed.html", in: folder)
        #expect(crossed.source.contains("dstudy --task essay-task --n-raters 1,2,3,4"))
        let (nested, _) = try Self.report("report dependability --task capstone --component defense --out nested.html", in: folder)
        #expect(nested.sourced(endingIn: "/design").map(\.text) == ["r:p"])
        let (tasks, _) = try Self.report("report dependability --tasks essay-task,capstone/paper --out tasks.html", in: folder)
        #expect(tasks.source.contains("--n-raters 1,2,3,4 --n-tasks 1,2,3,4,5,6"))
        // A negative component is drawn and said to count as 0.
        #expect(tasks.source.contains("negative: taken as zero"))
    }

    @Test func theCheckerCatchesAWrongNumberAndANumberFromNowhere() throws {
        let folder = try Self.store("bundled", bundled: true)
        try Self.report("report dependability --task ela-skate-park --out page.html", in: folder)
        let file = folder.appendingPathComponent("page.html")
        let original = try String(contentsOf: file, encoding: .utf8)
        // The G study's p component, 0.2898, shown as 0.2899; and a cell with a number of no command.
        var changed = original.replacingOccurrences(of: "data-json=\"/components/p\">0.2898<", with: "data-json=\"/components/p\">0.2899<")
        #expect(changed != original)
        changed = changed.replacingOccurrences(of: "<td class=\"empty\">", with: "<td>42</td><td class=\"empty\">")
        changed = changed.replacingOccurrences(of: "</tbody>", with: "<tr><td>42</td></tr></tbody>")
        try changed.write(to: file, atomically: true, encoding: .utf8)
        var checker = ReportPageChecker(folder: folder)
        let (problems, _) = try checker.problems(in: try PageDocument(file: file))
        #expect(problems.contains { $0.contains("'0.2899'") && $0.contains("JSON has 0.28979") }, "\(problems)")
        #expect(problems.contains { $0.contains("'42' shows a number but does not say where it comes from") })
    }

    // MARK: - Writing the page

    @Test func theOptionsEachKindNeedsAreChecked() throws {
        let folder = try Harness.workspace()
        let cases: [(String, String)] = [
            ("report agreement --out a.html", "report agreement needs --task T"),
            ("report agreement --task essay-task --out a.csv", "a report is an HTML page: give --out a name ending in .html, e.g. --out agreement.html"),
            ("report calibration --out c.html", "report calibration needs --session NAME"),
            ("report dependability --out d.html", "report dependability needs --task T or --tasks T1,T2,..."),
            ("report dependability --task essay-task --tasks essay-task,capstone/paper --out d.html", "give --task or --tasks, not both"),
            ("report agreement --task essay-task --session cal-1 --out a.html", "--session goes with report calibration"),
            ("report raters --task essay-task --by school --out r.html", "--by goes with report equity"),
            ("report equity --component paper --out e.html", "--component goes with --task"),
            ("report dependability --tasks essay-task --out d.html", "--tasks needs at least two distinct tasks; for one, give --task"),
        ]
        for (command, message) in cases {
            let run = try Harness.run(["-c", command], in: folder)
            #expect(run.stderr.hasPrefix("error: line 1: \(message) (usage: report <kind>"), "\(command)")
            #expect(run.status == 1)
        }
        let unknown = try Harness.run(["-c", "report summary --task essay-task --out s.html"], in: folder)
        #expect(unknown.stderr.contains("summary"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html") || $0.hasSuffix(".csv") }
        #expect(files.isEmpty)
    }

    @Test func aFailedReportWritesNothingAndTheStoreIsNeverWrittenOver() throws {
        let folder = try Self.store("bundled", bundled: true)
        let fresh = try Harness.run(["-c", "report agreement --task ela-skate-prk --out a.html"], in: folder)
        #expect(fresh.stderr.contains("unknown task 'ela-skate-prk'; did you mean 'ela-skate-park'?"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("a.html").path))
        // A folder, a symbolic link and the store itself are refused.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("dir.html"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("link.html"), withDestinationURL: folder.appendingPathComponent("elsewhere.html"))
        for (name, why) in [("dir.html", "it is a folder"), ("link.html", "it is a symbolic link")] {
            let run = try Harness.run(["-c", "report agreement --task ela-skate-park --out \(name)"], in: folder)
            #expect(run.stderr.contains("cannot write \(name): \(why)"), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("elsewhere.html").path))
        let store = try Harness.run(["--db", "store.html", "-c", "import scores Examples/scores.csv --add-missing", "-c",
                                     "report agreement --task ela-skate-park --out ./store.html"], in: folder)
        #expect(store.stderr.contains("cannot write ./store.html: it is the store ScoreBench has open"))
        #expect(try Harness.run(["--db", "store.html", "-c", "scores --student s-1001"], in: folder).stdout.contains("r-alvarez"))
        // Over an older page, world-readable: replaced whole, and private.
        let old = folder.appendingPathComponent("old.html")
        try Data("old".utf8).write(to: old)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: old.path)
        let run = try Harness.run(["--format", "json", "-c", "report dependability --task ela-skate-park --out old.html"], in: folder)
        let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(summary?["file"] as? String == "old.html")
        #expect(summary?["kind"] as? String == "dependability")
        #expect(summary?["figures"] as? Int == 2)
        let written = try Data(contentsOf: old)
        #expect(summary?["bytes"] as? Int == written.count)
        #expect((try FileManager.default.attributesOfItem(atPath: old.path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") }.isEmpty)
    }
}

/// Renders every kind of page in a real browser: Chromium, headless, to a PNG.
///
/// Skipped on a machine without `chromium`, unless `SCOREBENCH_REQUIRE_CHROMIUM=1` (as in CI),
/// which makes a missing browser a failure.
@Suite(.enabled(if: Chromium.isEnabled, Chromium.skipped)) struct ReportBrowserTests {
    @Test func everyKindRendersInChromium() throws {
        let browser = try Chromium.required()
        var pages: [URL] = []
        let bundled = try ReportTests.store("bundled", bundled: true)
        for command in [
            "report agreement --task ela-skate-park --out agreement.html", "report raters --task ela-skate-park --out raters.html",
            "report dependability --task ela-skate-park --out dependability.html", "report equity --task ela-skate-park --out equity.html",
        ] {
            try ReportTests.report(command, in: bundled)
            pages.append(bundled.appendingPathComponent(String(command.split(separator: " ").last!)))
        }
        let calibration = try ReportTests.store("calibration")
        try ReportTests.report("report calibration --session cal-1 --out calibration.html", in: calibration)
        pages.append(calibration.appendingPathComponent("calibration.html"))
        let event = try ReportTests.store("event")
        try ReportTests.report("report event --task essay-task --out event.html", in: event, settings: ReportTests.eventSettings)
        pages.append(event.appendingPathComponent("event.html"))
        for page in pages {
            // Printed on A4 or Letter with 15 mm margins nothing may be wider than 180 mm.
            let overflow = try Chromium.printOverflow(browser, page: page)
            #expect(overflow.isEmpty, "\(page.lastPathComponent) is wider than 180 mm in print: \(overflow)")
            let image = page.deletingPathExtension().appendingPathExtension("png")
            let run = try Chromium.screenshot(browser, page: page, to: image)
            #expect(run.status == 0, "\(page.lastPathComponent): \(run.stderr)")
            let data = try Data(contentsOf: image)
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(image.lastPathComponent) is not a PNG")
            #expect(data.count > 20_000, "\(image.lastPathComponent) is almost empty")
        }
    }
}

enum Chromium {
    static let isRequired = ProcessInfo.processInfo.environment["SCOREBENCH_REQUIRE_CHROMIUM"] == "1"

    /// The browser on the PATH, if any.
    static let path: String? = {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static let isEnabled = path != nil || isRequired

    static let skipped: Comment = "install chromium to render the reports in a browser (SCOREBENCH_REQUIRE_CHROMIUM=1 makes it required)"

    struct Missing: Error, CustomStringConvertible {
        var description: String { "SCOREBENCH_REQUIRE_CHROMIUM=1 but there is no chromium on the PATH" }
    }

    static func required() throws -> String {
        guard let path else { throw Missing() }
        return path
    }

    /// What of `page` reaches past 180 mm (680 CSS pixels) with its print rules applied: the page
    /// is laid out at that width in a frame of a measuring page, its `@media print` rules applied
    /// as if printing (the page has no script; the measuring page, the test's own, has).
    static func printOverflow(_ browser: String, page: URL) throws -> [String] {
        let measuring = page.deletingLastPathComponent().appendingPathComponent("measure-\(page.lastPathComponent)")
        try """
            <!DOCTYPE html><html><body><iframe id="page" src="\(page.lastPathComponent)" scrolling="no"
            style="width:680px;height:3000px;border:0"></iframe><pre id="out">not measured</pre><script>
            document.getElementById('page').addEventListener('load', function () {
              var doc = this.contentDocument, css = '';
              for (var sheet of doc.styleSheets) for (var rule of sheet.cssRules)
                if (rule.media && rule.media.mediaText === 'print') for (var inner of rule.cssRules) css += inner.cssText + '\\n';
              var style = doc.createElement('style'); style.textContent = css; doc.head.appendChild(style);
              var found = [];
              for (var element of doc.body.querySelectorAll('*')) {
                var right = element.getBoundingClientRect().right;
                if (right > 681) {
                  var figure = element.closest('figure');
                  found.push(element.tagName + ' in ' + (figure ? figure.id : 'page') + ' reaches ' + Math.round(right) + 'px: ' + (element.textContent || '').slice(0, 40));
                }
              }
              document.getElementById('out').textContent = 'measured:' + found.slice(0, 10).join('; ');
            });
            </script></body></html>
            """.write(to: measuring, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--user-data-dir=\(profile.path)",
            "--virtual-time-budget=10000", "--dump-dom", measuring.absoluteString,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let start = dom.range(of: "measured:"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            return ["the page was not measured"]
        }
        let found = String(dom[start.upperBound..<end.lowerBound])
        return found.isEmpty ? [] : found.components(separatedBy: "; ")
    }

    /// Renders `page` headless at 1200 x 1600 into `image`.
    static func screenshot(_ browser: String, page: URL, to image: URL) throws -> Harness.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("scorebench-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(profile.path)",
            "--screenshot=\(image.path)", "--window-size=1200,1600", page.absoluteString,
        ]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Harness.Run(stdout: "", stderr: String(decoding: data, as: UTF8.self), status: process.terminationStatus)
    }
}
