extension Rubric {
    /// The rubric's content as JSON: what `rubric show` prints, and the canonical form below.
    public var contentJSON: JSONValue {
        let criteriaJSON: [JSONValue] = criteria.map { criterion in
            .object([
                ("id", .string(criterion.id)), ("name", .string(criterion.name)), ("weight", .double(criterion.weight)),
                ("competency", .string(criterion.competency)),
                ("descriptors", .object(criterion.descriptors.keys.sorted().map { (String($0), .string(criterion.descriptors[$0]!)) })),
            ])
        }
        return .object([
            ("id", .string(id)),
            ("title", .string(title)),
            ("version", .int(version)),
            ("scale", .array(scale.map { .object([("score", .int($0.score)), ("label", .string($0.label))]) })),
            ("criteria", .array(criteriaJSON)),
            (
                "decision",
                .object([
                    ("proficient_at", .double(decision.proficientAt)),
                    ("floor", decision.floor.map(JSONValue.int) ?? .null),
                    ("levels", .array(decision.levels.map { .object([("at", .double($0.at)), ("label", .string($0.label))]) })),
                ])
            ),
            ("resolution", .object([("reads", .int(resolution.reads)), ("adjudicate_at", .int(resolution.adjudicateAt))])),
            (
                "calibration",
                .object([
                    ("exact", .double(calibration.exact)), ("within_one", .double(calibration.withinOne)),
                    ("required", .bool(calibration.required)),
                ])
            ),
        ])
    }

    /// The rubric's content in a fixed form: what a score given under this version meant.
    ///
    /// Two files with the same canonical form are the same rubric, whatever their comments,
    /// key order or layout; the store compares this form to refuse an edited file whose version
    /// was not bumped (SPEC section 2). The store keeps these strings, so a change to
    /// `contentJSON`'s keys must come with a migration that rewrites the stored forms.
    public var canonicalForm: String { contentJSON.encoded }
}
