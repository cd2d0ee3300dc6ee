/// The style sheet every page carries inline: system fonts only, colours a reader with a
/// colour-vision deficiency can tell apart (Okabe & Ito), and print rules that keep content
/// within 180 mm (A4 and Letter with 15 mm margins) and charts whole on one page.
enum Style {
    static let sheet = """
        :root { --ink: #1b1b1b; --muted: #555; --rule: #cfcfcf; --faint: #ececec; --band: #f4f6f8; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0 auto; padding: 1.5rem 1.5rem 3rem; max-width: 1200px; color: var(--ink); background: #fff;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        header.page { border-bottom: 2px solid var(--ink); margin-bottom: 1rem; padding-bottom: .5rem; }
        .kicker { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: var(--muted); }
        h1 { font-size: 1.65rem; line-height: 1.2; margin: .15rem 0 .2rem; }
        h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid var(--rule); }
        .subtitle { margin: 0; font-size: 1.05rem; }
        .meta { margin: .2rem 0 0; color: var(--muted); font-size: .85rem; }
        .intro { max-width: 52rem; }
        nav.contents ol { margin: .5rem 0 0; padding-left: 1.4rem; columns: 2; column-gap: 2rem; }
        nav.contents a { color: inherit; }
        code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: .9em; }
        figure { margin: 1.25rem 0 2rem; padding: 0; break-inside: avoid; page-break-inside: avoid; }
        figcaption { font-weight: 600; margin-bottom: .5rem; }
        .figure-number { color: var(--muted); }
        .source { font-weight: normal; color: var(--muted); font-size: .85rem; }
        p.source { margin: .25rem 0; }
        .figure-body.beside { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; align-items: start; }
        .chart-area { min-width: 0; break-inside: avoid; page-break-inside: avoid; }
        svg.chart { display: block; width: 100%; height: auto; overflow: visible; }
        svg.chart text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 12px; fill: var(--ink); }
        svg.chart .tick { font-size: 11px; fill: #444; }
        svg.chart .axis-title { font-size: 12px; font-weight: 600; }
        svg.chart .label { font-size: 11.5px; }
        svg.chart .small { font-size: 10px; }
        svg.chart .value { font-size: 10.5px; }
        svg.chart .on-dark { fill: #fff; }
        svg.chart .flag-text { font-weight: 700; }
        svg.chart .axis { stroke: #444; stroke-width: 1; fill: none; }
        svg.chart .grid { stroke: #e6e6e6; stroke-width: 1; }
        svg.chart .zero { stroke: #777; stroke-width: 1.2; }
        svg.chart .ref { stroke: #222; stroke-width: 1.3; stroke-dasharray: 6 3; fill: none; }
        svg.chart .ref-label { font-size: 10.5px; font-style: italic; }
        svg.chart .ref-label, svg.chart .explain, svg.chart .label { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
        svg.chart .band { fill: var(--band); }
        svg.chart .row-band { fill: #f7f7f7; }
        svg.chart .interval { stroke: #333; stroke-width: 1.6; fill: none; }
        svg.chart .leader { stroke: #999; stroke-width: .8; fill: none; }
        svg.chart .line { fill: none; stroke-width: 2; }
        svg.chart .outline { fill: none; stroke: #111; stroke-width: 2; }
        svg.chart .outline-inner { fill: none; stroke: #fff; stroke-width: 1.2; }
        svg.chart .cell { stroke: #fff; stroke-width: 1; }
        svg.chart .hist { fill: #9aa7b4; stroke: #fff; stroke-width: .5; }
        svg.chart .hist-extreme { fill: #fff; stroke: #5b6876; stroke-width: 1.2; stroke-dasharray: 3 2; }
        svg.chart .cross { fill: none !important; stroke-width: 2.2; }
        svg.chart .hollow { fill: #fff !important; stroke-width: 1.8; }
        .c0 { fill: #0072b2; stroke: #0072b2; } .c1 { fill: #d55e00; stroke: #d55e00; } .c2 { fill: #009e73; stroke: #009e73; }
        .c3 { fill: #cc79a7; stroke: #cc79a7; } .c4 { fill: #e69f00; stroke: #e69f00; } .c5 { fill: #56b4e9; stroke: #56b4e9; }
        .c6 { fill: #1b1b1b; stroke: #1b1b1b; }
        svg.chart polyline.c0, svg.chart polyline.c1, svg.chart polyline.c2, svg.chart polyline.c3, svg.chart polyline.c4,
        svg.chart polyline.c5, svg.chart polyline.c6 { fill: none; }
        .pattern-line { stroke: #fff; stroke-width: 1.6; }
        svg.chart .tab { fill: #fff; fill-opacity: .9; stroke: none; }
        .pattern-line-dark { stroke: #1b1b1b; stroke-width: 1.2; }
        .numbers { overflow-x: auto; min-width: 0; }
        table { border-collapse: collapse; font-size: .84rem; font-variant-numeric: tabular-nums; max-width: 100%; }
        caption { text-align: left; font-size: .85rem; color: var(--muted); padding-bottom: .25rem; }
        th, td { padding: .18rem .5rem; border-bottom: 1px solid var(--faint); text-align: left; vertical-align: top; }
        thead th { border-bottom: 1.5px solid var(--ink); font-weight: 600; vertical-align: bottom; }
        tbody th { font-weight: 600; white-space: nowrap; }
        .num { text-align: right; white-space: nowrap; }
        td.flag, td.no-good { font-weight: 700; }
        td.empty { color: var(--muted); font-style: italic; }
        .footnote, .note { font-size: .84rem; color: var(--muted); margin: .35rem 0 0; max-width: 52rem; }
        .notice { padding: .6rem .8rem; background: var(--band); border-left: 4px solid #888; }
        footer { margin-top: 3rem; padding-top: .5rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .8rem; }
        @media (max-width: 900px) {
          .figure-body.beside { display: block; }
          .figure-body.beside .numbers { margin-top: .75rem; }
        }
        @media (max-width: 600px) {
          body { padding: .75rem .75rem 2rem; font-size: 14px; }
          .chart-area { overflow-x: auto; }
          svg.chart { min-width: min(var(--natural), 540px); }
          h1 { font-size: 1.35rem; }
          nav.contents ol { columns: 1; }
          table { font-size: .78rem; }
          th, td { padding: .15rem .35rem; }
        }
        @page { margin: 15mm; }
        @media print {
          html, body { background: #fff; }
          body { max-width: 180mm; margin: 0; padding: 0; font-size: 9.5pt; }
          .figure-body.beside { display: block; }
          .numbers { overflow: visible; margin-top: 2mm; }
          table { font-size: 7.5pt; }
          th, td { padding: 1px 3px; }
          thead th { white-space: normal; }
          svg.chart { max-width: 100% !important; }
          h2 { break-after: avoid; page-break-after: avoid; }
          figcaption { break-after: avoid; page-break-after: avoid; }
          tr { break-inside: avoid; page-break-inside: avoid; }
          nav.contents { display: none; }
          a { color: inherit; text-decoration: none; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
