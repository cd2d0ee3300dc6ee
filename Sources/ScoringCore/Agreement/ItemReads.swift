/// The current reads of one item (one submission component) on one criterion, in time order:
/// by `scored_at`, ties in the order recorded.
///
/// Raters are interned to small integers by the caller; only equality of ids matters. When the
/// two arrays differ in length the extra entries of the longer one are ignored.
public struct ItemReads: Sendable, Equatable {
    /// A statewide task has millions of items, nearly all read once or twice: those keep their
    /// reads inline (16 bytes an item, no allocation); others keep arrays.
    private enum Storage: Sendable, Equatable {
        case none
        case one(rater: Int32, score: Int16)
        case two(first: Int32, second: Int32, firstScore: Int16, secondScore: Int16)
        case arrays(Arrays)
    }

    private final class Arrays: Sendable, Equatable {
        let raters: [Int32]
        let scores: [Int]

        init(raters: [Int32], scores: [Int]) {
            self.raters = raters
            self.scores = scores
        }

        static func == (lhs: Arrays, rhs: Arrays) -> Bool { lhs.raters == rhs.raters && lhs.scores == rhs.scores }
    }

    private let storage: Storage

    /// An item's reads: `raters[i]` gave `scores[i]`, in time order.
    public init(raters: [Int32], scores: [Int]) {
        storage = Self.storage(raters: raters, scores: scores)
    }

    /// The same from a caller's buffers (a slice of reads, reused from item to item).
    public init<R: Collection<Int32>, S: Collection<Int>>(raters: R, scores: S) {
        storage = Self.storage(raters: raters, scores: scores)
    }

    /// The same from a caller's memory, without generic code from another module or reference
    /// counting for each of a statewide task's items.
    public init(raters: UnsafeBufferPointer<Int32>, scores: UnsafeBufferPointer<Int>) {
        storage = Self.storage(raters: raters, scores: scores)
    }

    private static func storage<R: Collection<Int32>, S: Collection<Int>>(raters: R, scores: S) -> Storage {
        if raters.count == scores.count, scores.allSatisfy({ Int16(exactly: $0) != nil }) {
            switch raters.count {
            case 0: return .none
            case 1: return .one(rater: raters.first!, score: Int16(scores.first!))
            case 2:
                let second = raters.index(after: raters.startIndex), secondScore = scores.index(after: scores.startIndex)
                return .two(
                    first: raters.first!, second: raters[second], firstScore: Int16(scores.first!),
                    secondScore: Int16(scores[secondScore]))
            default: break
            }
        }
        return .arrays(Arrays(raters: Array(raters), scores: Array(scores)))
    }

    /// The rater of each read, in time order.
    public var raters: ItemColumn<Int32> {
        switch storage {
        case .none: ItemColumn(count: 0, first: nil, second: nil)
        case .one(let rater, _): ItemColumn(count: 1, first: rater, second: nil)
        case .two(let first, let second, _, _): ItemColumn(count: 2, first: first, second: second)
        case .arrays(let arrays): ItemColumn(arrays.raters)
        }
    }

    /// The score of each read, in time order, one of the rubric's scale levels.
    public var scores: ItemColumn<Int> {
        switch storage {
        case .none: ItemColumn(count: 0, first: nil, second: nil)
        case .one(_, let score): ItemColumn(count: 1, first: Int(score), second: nil)
        case .two(_, _, let first, let second): ItemColumn(count: 2, first: Int(first), second: Int(second))
        case .arrays(let arrays): ItemColumn(arrays.scores)
        }
    }

    /// The number of usable reads: pairs of a rater and a score.
    public var count: Int {
        switch storage {
        case .none: 0
        case .one: 1
        case .two: 2
        case .arrays(let arrays): min(arrays.raters.count, arrays.scores.count)
        }
    }

    /// The score `rater` gave (their first read, should the item hold several); nil when they
    /// did not read it.
    public func score(of rater: Int32) -> Int? {
        switch storage {
        case .none: return nil
        case .one(let only, let score): return only == rater ? Int(score) : nil
        case .two(let first, let second, let firstScore, let secondScore):
            return first == rater ? Int(firstScore) : second == rater ? Int(secondScore) : nil
        case .arrays(let arrays):
            for index in 0..<count where arrays.raters[index] == rater { return arrays.scores[index] }
            return nil
        }
    }
}

/// The raters or scores of one item, without an allocation for an item of one or two reads.
public struct ItemColumn<Element: Sendable>: RandomAccessCollection, Sendable {
    private let inlineCount: Int
    private let first: Element?
    private let second: Element?
    private let array: [Element]?

    init(count: Int, first: Element?, second: Element?) {
        inlineCount = count
        self.first = first
        self.second = second
        array = nil
    }

    init(_ array: [Element]) {
        inlineCount = array.count
        first = nil
        second = nil
        self.array = array
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { inlineCount }

    public subscript(position: Int) -> Element {
        if let array { return array[position] }
        precondition(position >= 0 && position < inlineCount, "index out of range")
        return position == 0 ? first! : second!
    }
}

/// Two raters named by `irr --raters A,B`: Cohen's kappas compare them, and they are the
/// columns of the intraclass correlations' matrix.
public struct RaterPair: Sendable, Equatable, Hashable {
    public var first: Int32
    public var second: Int32

    /// The pair `--raters first,second`: Cohen's tables have `first` in rows.
    public init(_ first: Int32, _ second: Int32) {
        self.first = first
        self.second = second
    }
}
