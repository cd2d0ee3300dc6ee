extension CompetencyRollup {
    /// SPEC section 9's `proficiency` rows for one student:
    /// `{"student","competency","method","evidence","value","proficient"}`, one per competency
    /// the student has evidence for, in framework order.
    ///
    /// - Returns: an empty array for a student without evidence.
    public func json(_ proficiency: StudentProficiency) -> [JSONValue] {
        zip(competencies, proficiency.results).compactMap { competency, result in
            guard result.hasEvidence else { return nil }
            return .object([
                ("student", .string(proficiency.student)),
                ("competency", .string(competency.id)),
                ("method", .string(result.method.rawValue)),
                ("evidence", .int(result.evidence)),
                ("value", .number(result.value)),
                ("proficient", .bool(result.proficient)),
            ])
        }
    }
}
