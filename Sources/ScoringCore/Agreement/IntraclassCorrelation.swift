/// The mean squares of the two-way ANOVA of an n × k rating matrix (Shrout & Fleiss 1979).
struct MeanSquares: Sendable, Equatable {
    let n: Double
    let k: Double
    /// Between targets (rows): k Σ_i (x̄_i. - x̄)² / (n - 1).
    let between: Double
    /// Within targets: Σ_ij (x_ij - x̄_i.)² / (n (k - 1)).
    let within: Double
    /// Between judges (columns): n Σ_j (x̄_.j - x̄)² / (k - 1).
    let judges: Double
    /// Residual: Σ_ij (x_ij - x̄_i. - x̄_.j + x̄)² / ((n - 1)(k - 1)).
    let error: Double

    /// - Returns: nil with fewer than two rows or two columns.
    init?(_ matrix: RatingMatrix) {
        let rows = matrix.rows, columns = matrix.columns
        guard rows >= 2, columns >= 2 else { return nil }
        n = Double(rows)
        k = Double(columns)
        let grand = matrix.values.reduce(0, +) / (n * k)
        var rowMeans = [Double](repeating: 0, count: rows)
        var columnMeans = [Double](repeating: 0, count: columns)
        for row in 0..<rows {
            for column in 0..<columns {
                rowMeans[row] += matrix[row, column]
                columnMeans[column] += matrix[row, column]
            }
        }
        var betweenSum = 0.0, withinSum = 0.0, judgeSum = 0.0, residualSum = 0.0
        for column in 0..<columns {
            columnMeans[column] /= n
            judgeSum += (columnMeans[column] - grand) * (columnMeans[column] - grand)
        }
        for row in 0..<rows {
            rowMeans[row] /= k
            betweenSum += (rowMeans[row] - grand) * (rowMeans[row] - grand)
            for column in 0..<columns {
                let deviation = matrix[row, column] - rowMeans[row]
                withinSum += deviation * deviation
                // Computed directly rather than as within - judges, which cancels badly.
                let residual = deviation - columnMeans[column] + grand
                residualSum += residual * residual
            }
        }
        between = k * betweenSum / (n - 1)
        within = withinSum / (n * (k - 1))
        judges = n * judgeSum / (k - 1)
        error = residualSum / ((n - 1) * (k - 1))
    }
}

/// Shrout & Fleiss (1979) intraclass correlations and their McGraw & Wong (1996) 95%
/// F-based intervals (α = 0.05, F quantiles at 0.975).
///
/// ICC(1,1) = (BMS - WMS) / (BMS + (k-1) WMS);  ICC(1,k) = (BMS - WMS) / BMS;
/// ICC(2,1) = (BMS - EMS) / (BMS + (k-1) EMS + k (JMS - EMS) / n);
/// ICC(2,k) = (BMS - EMS) / (BMS + (JMS - EMS) / n);
/// ICC(3,1) = (BMS - EMS) / (BMS + (k-1) EMS);  ICC(3,k) = (BMS - EMS) / BMS.
/// Each is nil when its denominator is not positive (no variance), as is each interval whose
/// F ratio or degrees of freedom are undefined or whose bounds come out inverted.
enum IntraclassCorrelation {
    static func estimates(_ squares: MeanSquares) -> [AgreementCoefficient: CoefficientEstimate] {
        let n = squares.n, k = squares.k
        let bms = squares.between, wms = squares.within, jms = squares.judges, ems = squares.error
        let upper = 0.975

        // Why a denominator came out zero or less: a matrix with no variance at all, one whose
        // items all have the same mean (the k-rater forms divide by BMS alone), or mean squares
        // that leave nothing positive.
        let reason: UndefinedReason = bms <= 0 && wms <= 0 && jms <= 0 ? .zeroVariance
            : bms <= 0 ? .noBetweenItemVariance : .nonPositiveVariance
        func estimate(_ numerator: Double, _ denominator: Double, _ interval: ConfidenceInterval?) -> CoefficientEstimate {
            guard denominator > 0 else { return .undefined(reason) }
            let value = numerator / denominator
            guard value.isFinite else { return .undefined(reason) }
            return CoefficientEstimate(value: value, interval: interval)
        }
        func interval(_ low: Double, _ high: Double) -> ConfidenceInterval? {
            guard low.isFinite, high.isFinite, low <= high else { return nil }
            return ConfidenceInterval(low: low, high: high)
        }
        // F-ratio bounds FL = F / F_.975(df1, df2), FU = F · F_.975(df2, df1).
        func bounds(_ f: Double, _ df1: Double, _ df2: Double) -> (Double, Double)? {
            guard f.isFinite, f > 0,
                  let forward = FDistribution.quantile(upper, df1, df2),
                  let backward = FDistribution.quantile(upper, df2, df1) else { return nil }
            return (f / forward, f * backward)
        }

        var result: [AgreementCoefficient: CoefficientEstimate] = [:]

        let oneWay = wms > 0 ? bounds(bms / wms, n - 1, n * (k - 1)) : nil
        result[.icc1] = estimate(bms - wms, bms + (k - 1) * wms, oneWay.flatMap {
            interval(($0.0 - 1) / ($0.0 + k - 1), ($0.1 - 1) / ($0.1 + k - 1))
        })
        result[.icc1k] = estimate(bms - wms, bms, oneWay.flatMap { interval(1 - 1 / $0.0, 1 - 1 / $0.1) })

        let consistency = ems > 0 ? bounds(bms / ems, n - 1, (n - 1) * (k - 1)) : nil
        result[.icc3] = estimate(bms - ems, bms + (k - 1) * ems, consistency.flatMap {
            interval(($0.0 - 1) / ($0.0 + k - 1), ($0.1 - 1) / ($0.1 + k - 1))
        })
        result[.icc3k] = estimate(bms - ems, bms, consistency.flatMap { interval(1 - 1 / $0.0, 1 - 1 / $0.1) })

        let single = estimate(bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n, nil)
        let absolute = single.value.flatMap { absoluteAgreementInterval(squares, rho: $0) }
        result[.icc2] = CoefficientEstimate(value: single.value, interval: single.value == nil ? nil : absolute?.single, reason: single.reason)
        let average = estimate(bms - ems, bms + (jms - ems) / n, nil)
        result[.icc2k] = CoefficientEstimate(value: average.value, interval: average.value == nil ? nil : absolute?.average, reason: average.reason)
        return result
    }

    /// McGraw & Wong (1996) interval for ICC(A,1) and ICC(A,k), with Satterthwaite's
    /// v = (a JMS + b EMS)² / ((a JMS)² / (k-1) + (b EMS)² / ((n-1)(k-1))),
    /// a = kρ / (n(1-ρ)), b = 1 + kρ(n-1) / (n(1-ρ)), ρ the ICC(2,1) estimate.
    private static func absoluteAgreementInterval(_ squares: MeanSquares, rho: Double)
        -> (single: ConfidenceInterval?, average: ConfidenceInterval?)? {
        let n = squares.n, k = squares.k
        let bms = squares.between, jms = squares.judges, ems = squares.error
        guard rho < 1 else { return nil }
        let a = k * rho / (n * (1 - rho))
        let b = 1 + k * rho * (n - 1) / (n * (1 - rho))
        let numerator = (a * jms + b * ems) * (a * jms + b * ems)
        let denominator = (a * jms) * (a * jms) / (k - 1) + (b * ems) * (b * ems) / ((n - 1) * (k - 1))
        guard denominator > 0 else { return nil }
        let v = numerator / denominator
        guard let fUpper = FDistribution.quantile(0.975, n - 1, v),
              let fLower = FDistribution.quantile(0.975, v, n - 1) else { return nil }
        let spread = k * jms + (k * n - k - n) * ems
        let low = n * (bms - fUpper * ems) / (fUpper * spread + n * bms)
        let high = n * (fLower * bms - ems) / (spread + n * fLower * bms)
        let lowK = n * (bms - fUpper * ems) / (fUpper * (jms - ems) + n * bms)
        let highK = n * (fLower * bms - ems) / (jms - ems + n * fLower * bms)
        func make(_ low: Double, _ high: Double) -> ConfidenceInterval? {
            low.isFinite && high.isFinite && low <= high ? ConfidenceInterval(low: low, high: high) : nil
        }
        return (make(low, high), make(lowK, highK))
    }
}
