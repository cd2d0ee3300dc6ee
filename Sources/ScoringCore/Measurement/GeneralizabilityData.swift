/// One current read for a G study: a rater's score of one person's response to one task (a
/// criterion score, or the read's weighted combined score).
public struct GeneralizabilityRead: Sendable, Equatable {
    public var person: String
    public var task: String
    public var rater: String
    /// The read's place in time order (`scored_at`, ties in the order recorded): smaller is
    /// earlier; equal orders keep the order of the input.
    public var order: Int
    public var score: Double

    public init(person: String, task: String, rater: String, order: Int, score: Double) {
        self.person = person
        self.task = task
        self.rater = rater
        self.order = order
        self.score = score
    }
}

/// The balanced design SPEC 13 draws from a set of reads, and the persons it keeps.
public struct GeneralizabilityData: Sendable, Equatable {
    public var design: GeneralizabilityDesign
    /// The persons kept, in the order the reads first name them.
    public var persons: [String]
    /// The tasks, in the order the reads first name them.
    public var tasks: [String]
    /// Per task, the raters who are the columns (the same list for every task when raters are
    /// crossed with tasks); nil when raters vary and the columns are the first k reads.
    public var raters: [[String]]?
    public var scores: BalancedScores
    /// Persons with reads who are not in the design (a needed read missing, listwise).
    public var personsLeftOut: Int

    /// Chooses the design as SPEC 13's table says and keeps the persons who have every read it
    /// needs.
    ///
    /// Only responses (person × task) with two or more reads count. With one task: p x r when
    /// SPEC 8's crossed rule holds (no more distinct raters than the most reads of any one
    /// response), else r:p over the first k reads in time order, k the fewest reads of any
    /// response. With several tasks: p x t x r when the crossed rule holds over every response
    /// of every task; else p x (r:t) when the tasks' rater sets are disjoint, the crossed rule
    /// holds within each task and every task has as many raters; else r:(p x t), first k reads.
    /// A person is kept only with a response to every task holding every read its columns
    /// need.
    ///
    /// - Throws: `GeneralizabilityError.nonFiniteScore`, `.noResponseWithTwoReads`, or
    ///   `.tooFewPersons` when fewer than two persons are kept.
    /// - Complexity: O(reads log reads + persons × tasks × raters²).
    public init(reads: [GeneralizabilityRead]) throws(GeneralizabilityError) {
        guard reads.allSatisfy({ $0.score.isFinite }) else { throw .nonFiniteScore }
        struct Key: Hashable { var person: String; var task: String }
        var personOrder: [String] = [], taskOrder: [String] = []
        var seenPersons = Set<String>(), seenTasks = Set<String>()
        var responses: [Key: [(rater: String, score: Double)]] = [:]
        let timeOrder = reads.indices.sorted { (reads[$0].order, $0) < (reads[$1].order, $1) }
        for index in reads.indices {
            if seenPersons.insert(reads[index].person).inserted { personOrder.append(reads[index].person) }
            if seenTasks.insert(reads[index].task).inserted { taskOrder.append(reads[index].task) }
        }
        for index in timeOrder {
            let read = reads[index]
            responses[Key(person: read.person, task: read.task), default: []].append((read.rater, read.score))
        }
        func pairable(_ person: String, _ task: String) -> [(rater: String, score: Double)]? {
            guard let reads = responses[Key(person: person, task: task)], reads.count >= 2 else { return nil }
            return reads
        }
        let repeated = responses.values.filter { $0.count >= 2 }
        guard !repeated.isEmpty else { throw .noResponseWithTwoReads }

        // Per task: its raters in the order they first read (over responses with two reads),
        // and the most reads any one of its responses has.
        var taskRaters: [[String]] = [], mostReads: [Int] = []
        for task in taskOrder {
            var raters: [String] = [], seen = Set<String>(), most = 0
            for person in personOrder {
                guard let reads = pairable(person, task) else { continue }
                most = max(most, reads.count)
                for read in reads where seen.insert(read.rater).inserted { raters.append(read.rater) }
            }
            taskRaters.append(raters)
            mostReads.append(most)
        }
        var allRaters: [String] = [], seenRaters = Set<String>()
        for raters in taskRaters {
            for rater in raters where seenRaters.insert(rater).inserted { allRaters.append(rater) }
        }
        let crossed = allRaters.count <= (mostReads.max() ?? 0)
        let nestedInTasks = taskRaters.map(\.count).reduce(0, +) == allRaters.count
            && zip(taskRaters, mostReads).allSatisfy { $0.count <= $1 }
            && Set(taskRaters.map(\.count)).count == 1

        // The columns of each task: named raters, or nil for the first k reads.
        let design: GeneralizabilityDesign
        let columns: [[String]]?
        switch (taskOrder.count == 1, crossed, nestedInTasks) {
        case (true, true, _):
            (design, columns) = (.personsByRaters, [allRaters])
        case (true, false, _):
            (design, columns) = (.ratersWithinPersons, nil)
        case (false, true, _):
            (design, columns) = (.personsByTasksByRaters, Array(repeating: allRaters, count: taskOrder.count))
        case (false, false, true):
            (design, columns) = (.ratersWithinTasks, taskRaters)
        case (false, false, false):
            (design, columns) = (.ratersWithinResponses, nil)
        }
        let fewestReads = repeated.map(\.count).min() ?? 0

        var kept: [String] = [], values: [Double] = []
        for person in personOrder {
            var row: [Double] = []
            for (taskIndex, task) in taskOrder.enumerated() {
                guard let reads = pairable(person, task) else { break }
                if let columns {
                    for rater in columns[taskIndex] {
                        guard let read = reads.first(where: { $0.rater == rater }) else { break }
                        row.append(read.score)
                    }
                } else {
                    row.append(contentsOf: reads.prefix(fewestReads).map(\.score))
                }
            }
            let needed = columns.map { $0.reduce(0) { $0 + $1.count } } ?? fewestReads * taskOrder.count
            guard row.count == needed else { continue }
            kept.append(person)
            values.append(contentsOf: row)
        }
        guard kept.count >= 2 else { throw .tooFewPersons(kept.count) }
        self.design = design
        persons = kept
        tasks = taskOrder
        raters = columns
        scores = BalancedScores(validated: values, persons: kept.count, tasks: taskOrder.count,
                                raters: columns?.first?.count ?? fewestReads)
        personsLeftOut = personOrder.count - kept.count
    }
}
