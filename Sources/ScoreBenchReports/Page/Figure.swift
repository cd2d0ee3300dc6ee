/// A chart with its title, its text alternative and the table of its numbers.
struct Figure {
    /// Unique on the page; ids inside the chart start with it.
    var id: String
    var title: String
    /// The command whose JSON the figure's numbers are, as typed at the prompt.
    var command: String
    /// The chart, drawn with `id` as its prefix.
    var chart: SVG
    /// What the chart shows, in a sentence or two, for people who cannot see it.
    var description: String
    /// The numbers the chart draws: usually one table, two where the chart mixes kinds of thing.
    var tables: [NumbersTable]
    /// Sentences under the figure: how to read it.
    var notes: [String] = []
    /// The table goes beside the chart on a wide screen when it is narrow enough.
    var tableBeside = true

    func html(number: Int) -> String {
        var markup = "<figure id=\"\(id)\" data-command=\"\(HTML.attribute(command))\">"
        markup += "<figcaption><span class=\"figure-number\">Figure \(number).</span> \(HTML.text(title))"
        markup += " <span class=\"source\">from <code>\(HTML.text(command))</code></span></figcaption>"
        // Beside the chart only a narrow table fits; a wide one goes under it.
        let beside = tableBeside && tables.allSatisfy { $0.columns.count <= 4 }
        markup += "<div class=\"figure-body\(beside ? " beside" : "")\">"
        markup += "<div class=\"chart-area\">\(chart.rendered(id: id, title: title, description: description))</div>"
        if tables.count > 1 { markup += "<div class=\"tables\">" }
        for table in tables { markup += table.html }
        if tables.count > 1 { markup += "</div>" }
        markup += "</div>"
        for note in notes { markup += "<p class=\"note\">\(HTML.text(note))</p>" }
        return markup + "</figure>\n"
    }
}
