import Foundation

/// Wald statistics from the inverse Hessian at the optimum.
///
/// Cov(β̂) = H⁻¹ with H = XᵀWX + λI. For λ = 0 and unit weights this is the usual maximum-likelihood
/// covariance (statsmodels' `Logit`); with a penalty or class weights it is an approximation, and the model
/// file says so. z = β/se, p = erfc(|z|/√2) (two-sided), 95% interval β ± 1.959964·se.
enum CoefficientStatistics {
    public static func table(terms: [String], beta: [Double], hessian: [Double]) -> [Coefficient] {
        let n = beta.count
        let covariance = BLAS.inverseSPD(hessian, n: n)
        return (0..<n).map { j in
            let se = covariance.map { $0[j * n + j].squareRoot() } ?? .nan
            let z = beta[j] / se
            return Coefficient(term: terms[j], estimate: beta[j], stdError: se, z: z, pValue: erfc(abs(z) / 2.0.squareRoot()),
                               oddsRatio: exp(beta[j]), ciLow: beta[j] - Logistic.z975 * se, ciHigh: beta[j] + Logistic.z975 * se)
        }
    }
}
