/// One self-contained report page: inline style and SVG, no scripts, nothing loaded from
/// anywhere, printable on A4 and Letter, readable at phone width.
struct Page {
    /// What goes on the page, in order.
    enum Block {
        case paragraph(String)
        case figure(Figure)
        /// A table that is not beside a chart, with the command its numbers come from.
        case table(NumbersTable, command: String)
        /// A message where a chart would be, saying why there is none.
        case notice(String)
    }

    struct Section {
        var title: String
        var blocks: [Block]

        init(_ title: String, _ blocks: [Block]) {
            self.title = title
            self.blocks = blocks
        }
    }

    var title: String
    /// What the page is about, under the title: the task, session or grouping.
    var subtitle: String
    /// When it was made, and as whom.
    var meta: String
    /// How to read the page, before the sections.
    var introduction: [String] = []
    var sections: [Section]

    /// How many figures the page has.
    var figureCount: Int {
        sections.reduce(0) { total, section in
            total + section.blocks.reduce(0) { count, block in
                if case .figure = block { return count + 1 }
                return count
            }
        }
    }

    var html: String {
        var body = "<header class=\"page\"><p class=\"kicker\">ScoreBench report</p><h1>\(HTML.text(title))</h1>"
        body += "<p class=\"subtitle\">\(HTML.text(subtitle))</p><p class=\"meta\">\(HTML.text(meta))</p></header>\n"
        for paragraph in introduction { body += "<p class=\"intro\">\(HTML.text(paragraph))</p>\n" }
        if sections.count > 1 {
            body += "<nav class=\"contents\" aria-label=\"Contents\"><ol>"
            for (index, section) in sections.enumerated() {
                body += "<li><a href=\"#section-\(index + 1)\">\(HTML.text(section.title))</a></li>"
            }
            body += "</ol></nav>\n"
        }
        var figure = 0
        for (index, section) in sections.enumerated() {
            body += "<section id=\"section-\(index + 1)\"><h2>\(HTML.text(section.title))</h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text):
                    body += "<p>\(HTML.text(text))</p>\n"
                case .figure(let chart):
                    figure += 1
                    body += chart.html(number: figure)
                case .table(let table, let command):
                    body += "<div class=\"standalone\" data-command=\"\(HTML.attribute(command))\">"
                    body += "<p class=\"source\">from <code>\(HTML.text(command))</code></p>\(table.html)</div>\n"
                case .notice(let text):
                    body += "<p class=\"notice\">\(HTML.text(text))</p>\n"
                }
            }
            body += "</section>\n"
        }
        body += "<footer><p>Every number on this page is the JSON result of the command named with it "
        body += "(<code>scorebench --format json -c \"…\"</code>) on the same store, or worked out from it as the page says. "
        body += "An undefined value shows as — and a withheld count as *.</p></footer>\n"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="ScoreBench"/>
            <title>\(HTML.text(title + " — " + subtitle))</title>
            <style>
            \(Style.sheet)</style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }
}
