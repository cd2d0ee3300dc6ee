extension RaschEstimator {
    /// The analysis at the converged estimates: measures, standard errors and fit over the
    /// observations in play, counts and averages over every observation of the design.
    func analysis(design: RaschDesign, scale: [Int]) -> RaschAnalysis {
        let model = RatingScaleModel(thresholds: thresholds)
        var probabilities = [Double](repeating: 0, count: m + 1)
        var variances = [[Double]](), squares = [[Double]](), standardized = [[Double]](), used = [[Int]]()
        for facet in 0..<3 {
            variances.append(Array(repeating: 0, count: data.count(facet)))
            squares.append(Array(repeating: 0, count: data.count(facet)))
            standardized.append(Array(repeating: 0, count: data.count(facet)))
            used.append(Array(repeating: 0, count: data.count(facet)))
        }
        for observation in 0..<data.observationCount {
            model.fillProbabilities(at: eta(observation, ability: ability, global: global), into: &probabilities)
            let moments = model.moments(probabilities)
            let residual = Double(data.category[observation]) - moments.expected
            for facet in 0..<3 {
                let element = data.element[facet][observation]
                variances[facet][element] += moments.variance
                squares[facet][element] += residual * residual
                standardized[facet][element] += residual * residual / moments.variance
                used[facet][element] += 1
            }
        }

        var totals = design.ids.map { [Int](repeating: 0, count: $0.count) }
        var counts = design.ids.map { [Int](repeating: 0, count: $0.count) }
        for observation in 0..<design.observationCount {
            for facet in 0..<3 {
                totals[facet][design.element[facet][observation]] += scale[design.category[observation]]
                counts[facet][design.element[facet][observation]] += 1
            }
        }

        let measures = [ability, Array(raterSeverity), Array(criterionDifficulty)]
        let meanAbility = ability.reduce(0, +) / Double(students)
        var facets: [RaschFacet] = []
        for facet in 0..<3 {
            var compact = [Int?](repeating: nil, count: design.ids[facet].count)
            for (index, original) in data.original[facet].enumerated() { compact[original] = index }
            var spread: [(measure: Double, error: Double)] = []
            let elements = design.ids[facet].indices.map { original -> RaschElement in
                let observed = Double(totals[facet][original]) / Double(counts[facet][original])
                guard let index = compact[original] else {
                    return RaschElement(id: design.ids[facet][original], measure: nil, standardError: nil,
                                        infit: nil, outfit: nil, count: counts[facet][original],
                                        observedAverage: observed, extreme: design.extreme[facet][original],
                                        fairAverage: nil)
                }
                let measure = measures[facet][index]
                let error = finiteOrNil(1 / variances[facet][index].squareRoot())
                if let error { spread.append((measure, error)) }
                let fair = facet == 1 ? finiteOrNil(model.expectedScore(at: meanAbility - measure, scores: scale)) : nil
                return RaschElement(
                    id: design.ids[facet][original], measure: measure, standardError: error,
                    infit: finiteOrNil(squares[facet][index] / variances[facet][index]),
                    outfit: finiteOrNil(standardized[facet][index] / Double(used[facet][index])),
                    count: counts[facet][original], observedAverage: observed, extreme: nil, fairAverage: fair)
            }
            let (separation, reliability) = separationAndReliability(spread)
            facets.append(RaschFacet(elements: elements, separation: separation, reliability: reliability))
        }
        let thresholds = self.thresholds.enumerated().map { index, value in
            RaschThreshold(category: index + 1, level: scale[index + 1], threshold: value)
        }
        return RaschAnalysis(iterations: iterations, students: facets[0], raters: facets[1], criteria: facets[2],
                             thresholds: thresholds, scale: scale)
    }

    /// SPEC 13's separation sqrt(T) / RMSE and reliability T / V, T = max(0, V - RMSE²).
    /// - Returns: nils without elements; reliability nil when V is 0.
    func separationAndReliability(_ spread: [(measure: Double, error: Double)]) -> (Double?, Double?) {
        guard !spread.isEmpty else { return (nil, nil) }
        let count = Double(spread.count)
        let mean = spread.reduce(0) { $0 + $1.measure } / count
        let variance = spread.reduce(0) { $0 + ($1.measure - mean) * ($1.measure - mean) } / count
        let meanSquareError = spread.reduce(0) { $0 + $1.error * $1.error } / count
        let trueVariance = max(0, variance - meanSquareError)
        return (finiteOrNil(trueVariance.squareRoot() / meanSquareError.squareRoot()),
                variance > 0 ? finiteOrNil(trueVariance / variance) : nil)
    }
}
