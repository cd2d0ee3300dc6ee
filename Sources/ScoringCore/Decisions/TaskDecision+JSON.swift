extension TaskDecision {
    /// SPEC section 9's `decide` object:
    /// `{"student","task","status","proficient","components":[…]}`, `proficient` null unless
    /// decided.
    public var json: JSONValue {
        .object([
            ("student", .string(student)),
            ("task", .string(task)),
            ("status", .string(status.rawValue)),
            ("proficient", proficient.map(JSONValue.bool) ?? .null),
            ("components", .array(components.map(\.json))),
        ])
    }
}

extension ComponentDecision {
    /// `{"component","status","criteria":{ID:final},"score","proficient","level"}`.
    ///
    /// `criteria` always lists every criterion of the rubric in rubric order, each final
    /// `null` until it exists, so a script sees the same keys whatever the status. When the
    /// component was decided by a condition code, a last key `"code"` names it (its finals,
    /// score and level are `null` and it is not proficient); the key is absent otherwise, so
    /// output without codes is exactly SPEC's object. Likewise a key `"backreads"` counts the
    /// component's current backreads when it has any: they never change the decision, but a
    /// coordinator sees that the work was checked.
    public var json: JSONValue {
        let finals = resolution.finals
        let criteria: [(String, JSONValue)] = resolution.criteria.enumerated().map { index, criterion in
            guard let finals, index < finals.count else { return (criterion, .null) }
            return (criterion, .number(finals[index]))
        }
        var pairs: [(String, JSONValue)] = [
            ("component", .string(component)),
            ("status", .string(resolution.status.rawValue)),
            ("criteria", .object(criteria)),
            ("score", .number(resolution.score)),
            ("proficient", resolution.proficient.map(JSONValue.bool) ?? .null),
            ("level", .string(resolution.level)),
        ]
        if let code = resolution.code { pairs.append(("code", .string(code.spelling))) }
        if resolution.backreads > 0 { pairs.append(("backreads", .int(resolution.backreads))) }
        return .object(pairs)
    }
}
