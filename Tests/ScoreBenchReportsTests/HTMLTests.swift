import Testing
@testable import ScoreBenchReports

@Suite struct HTMLTests {
    @Test func textEscapesMarkupAndReplacesWhatNoPageMayHold() {
        #expect(HTML.text("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d")
        #expect(HTML.text("say \"hi\" 'there'") == "say \"hi\" 'there'")
        #expect(HTML.text("bell\u{7}tab\tline\nend\u{85}") == "bell\u{FFFD}tab\tline\nend\u{FFFD}")
        #expect(HTML.text("plain") == "plain")
    }

    @Test func attributesEscapeQuotesToo() {
        #expect(HTML.attribute("a\"b'c<d>&") == "a&quot;b&#39;c&lt;d&gt;&amp;")
        #expect(HTML.attribute("r-chen") == "r-chen")
    }
}
