import Testing
@testable import ScoreBenchReports

@Suite struct ChartTests {
    @Test func scalesRoundTheirDomainToWholeSteps() {
        let (low, high, step) = LinearScale.niceDomain([0.13, 0.87])
        #expect((low, high, step) == (0, 1, 0.2))
        #expect(LinearScale.niceDomain([-3.8, 4.1]) == (-4, 6, 2))
        let scale = LinearScale(low: 0, high: 1, from: 100, to: 300)
        #expect(scale(0.25) == 150)
        #expect(scale.clamped(2) == 300)
        #expect(scale.ticks(step: 0.25) == [0, 0.25, 0.5, 0.75, 1])
        // A single value still gets a scale around it.
        #expect(LinearScale.niceDomain([2]).low < 2)
    }

    @Test func numbersReadAsTheShellWritesThem() {
        #expect(Show.count(1_000_000) == "1,000,000")
        #expect(Show.count(999) == "999")
        #expect(Show.count(-12_480) == "-12,480")
        #expect(Show.share(nil) == "—")
        #expect(Show.share(2.0 / 3.0) == "66.7%")
        #expect(Show.coefficient(0.52) == "0.520")
        #expect(Show.difference(0.32) == "+0.320")
        #expect(Show.tick(0.5, step: 0.25) == "0.50")
        #expect(Show.tick(-0.0, step: 1) == "0")
        #expect(Show.tick(20, step: 20) == "20")
    }

    @Test func wilsonIntervalsMatchPublishedValues() {
        // Newcombe (1998), Table I: 81 of 263 gives 0.2553 to 0.3662; 15 of 148, 0.0624 to 0.1605.
        let first = EquityPage.wilson(81, 263), second = EquityPage.wilson(15, 148)
        #expect(abs(first.low - 0.2553) < 5e-5 && abs(first.high - 0.3662) < 5e-5)
        #expect(abs(second.low - 0.0624) < 5e-5 && abs(second.high - 0.1605) < 5e-5)
        // At the ends the interval stays within 0...1.
        #expect(EquityPage.wilson(0, 10).low == 0)
        #expect(EquityPage.wilson(10, 10).high <= 1)
        #expect(EquityPage.points(0.052) == "+5.2 pts")
        #expect(EquityPage.points(-0.25) == "-25.0 pts")
    }

    @Test func aChartIsAnImageWithItsOwnTitleAndDescription() {
        var svg = SVG(width: 200, height: 100)
        svg.text("a < b", x: 10, y: 20, source: .json(Pointer.root / 0 / "exact"))
        svg.marker(.diamond, x: 50, y: 50)
        let markup = svg.rendered(id: "f1", title: "Title & more", description: "What it \"shows\"")
        #expect(markup.hasPrefix("<svg viewBox=\"0 0 200 100\""))
        #expect(markup.contains("role=\"img\" aria-labelledby=\"f1-title f1-desc\""))
        #expect(markup.contains("<title id=\"f1-title\">Title &amp; more</title><desc id=\"f1-desc\">What it \"shows\"</desc>"))
        #expect(markup.contains("<text x=\"10\" y=\"20\" data-json=\"/0/exact\">a &lt; b</text>"))
        #expect(!markup.contains("http"))
    }

    @Test func pointersEscapeTheirTokens() {
        #expect((Pointer.root / "ci" / "a/b" / "c~d" / 1).description == "/ci/a~1b/c~0d/1")
        #expect(Pointer.root.description == "")
    }

    @Test func legendsFlowOntoNewLinesWithinTheChart() {
        let places = RowChart.flow([100, 100, 100], from: 50, to: 280)
        #expect(places.map(\.line) == [0, 0, 1])
        #expect(places.map(\.x) == [50, 150, 50])
        // An item wider than the line still gets a line of its own.
        #expect(RowChart.flow([500], from: 50, to: 280).map(\.line) == [0])
    }

    @Test func rowsOfOneObjectNameItOnceAndTheirFieldsOnTheColumns() {
        var table = NumbersTable(columns: [.init("rater"), .init("exact", numeric: true)])
        table.rows = [0, 1].map { index in
            [Cell.name("r-\(index)", at: Pointer.root / "raters" / index / "rater"), Cell.share(0.5, at: Pointer.root / "raters" / index / "exact")]
        }
        let html = table.html
        #expect(html.contains("<th scope=\"col\" data-field=\"/rater\">rater</th>"))
        #expect(html.contains("<tr data-json=\"/raters/1\"><th scope=\"row\">r-1</th><td class=\"num\">50%</td></tr>"))
        // A column one row does not fill keeps a pointer on every cell.
        table.rows[1][1] = Cell("")
        let mixed = table.html
        #expect(mixed.contains("<td class=\"num\" data-json=\"/raters/0/exact\">50%</td>"))
        #expect(!mixed.contains("data-field=\"/exact\""))
    }

    @Test func everyChartKindDrawsWithoutRunningOffItsWidth() {
        var rows = RowChart(rows: [RowChart.Row("a rather long row label", marks: [.interval(0.2, 0.6), .point(0.4)], annotation: "LOCKED OUT", isFlagged: true)],
                            axisTitle: "Share")
        rows.legend = [RowChart.LegendEntry(shape: .circle, series: 0, label: "short")]
        let oneLine = rows.draw(id: "r").height
        rows.legend = (0..<4).map { RowChart.LegendEntry(shape: .circle, series: $0, label: "a legend entry of some length \($0)") }
        // Two entries fit a line beside the row labels: two lines.
        #expect(rows.draw(id: "r").height == oneLine + 18)
        let bars = StackedBars(
            rows: [StackedBars.Row(label: "claim", segments: [StackedBars.Segment(value: 0.7, kind: 0, text: "70%"), StackedBars.Segment(value: 0.3, kind: 1, text: "30%")])],
            legend: [(.solid(0), "exact"), (.hatched(5), "adjacent")], axisTitle: "Share", total: 1)
        let markup = bars.draw(id: "b").rendered(id: "b", title: "t", description: "d")
        #expect(markup.contains("<pattern id=\"b-hatch-5\""))
        #expect(markup.contains("fill=\"url(#b-hatch-5)\""))
        let heat = HeatMap(rowTitle: "Read 1", columnTitle: "Read 2", levels: [1, 2], counts: [[3, 0], [1, 4]], sources: [])
        #expect(heat.draw(id: "h").rendered(id: "h", title: "t", description: "d").contains(">4</text>"))
    }
}
