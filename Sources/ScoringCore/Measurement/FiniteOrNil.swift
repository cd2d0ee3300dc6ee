/// The value when it is finite, else nil: no NaN or infinity reaches a result.
func finiteOrNil(_ value: Double) -> Double? { value.isFinite ? value : nil }
