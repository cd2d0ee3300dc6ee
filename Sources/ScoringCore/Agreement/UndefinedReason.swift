/// Why a coefficient has no value (JSON `null`) for some data; the raw value is a short
/// sentence a table can show.
public enum UndefinedReason: String, Error, Sendable, Equatable {
    case noPairableItems = "no item has two or more reads"
    case raterPairIsOneRater = "the two raters named are the same rater"
    case noSharedItems = "the two raters share no item"
    case moreThanTwoReads = "some item has more than two reads; name two raters"
    case noExpectedDisagreement = "chance disagreement is zero: every read has the same score"
    case singleLevelScale = "the scale has a single level"
    case negativeScores = "the ratio metric needs scores of zero or more"
    case tooFewItems = "fewer than two items in the rating matrix"
    case zeroVariance = "the rating matrix has no variance to apportion"
    case noBetweenItemVariance = "every item has the same mean score: no variance between items"
    case nonPositiveVariance = "the mean squares leave no positive variance to divide by"
}
