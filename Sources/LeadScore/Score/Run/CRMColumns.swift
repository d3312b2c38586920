/// The columns of an import file for a CRM (`score --format hubspot|salesforce`): the record's id, then the
/// score, the tier (with a policy), the reasons and when it was scored. The policy's `export:` renames the
/// four properties (`export: {score: Lead_Score__c, tier: …, reasons: …, scored_at: …}`).
struct CRMColumns: Sendable, Equatable {
    var id: String
    var score: String
    var tier: String
    var reasons: String
    var scoredAt: String

    /// HubSpot's import matches records by `Record ID` or by `Email`: an id column whose name holds "email"
    /// is matched as `Email`.
    static func hubspot(idColumn: String) -> CRMColumns {
        CRMColumns(id: idColumn.lowercased().contains("email") ? "Email" : "Record ID", score: "leadscore_score",
                   tier: "leadscore_tier", reasons: "leadscore_reasons", scoredAt: "leadscore_scored_at")
    }

    /// Salesforce's Data Loader updates records by `Id`, with custom fields ending in `__c`.
    static let salesforce = CRMColumns(id: "Id", score: "LeadScore__c", tier: "LeadTier__c", reasons: "LeadScoreReasons__c",
                                       scoredAt: "LeadScoredAt__c")

    /// These columns with the policy's `export:` names laid over them.
    func renamed(_ names: [String: String]) -> CRMColumns {
        var c = self
        if let v = names["score"] { c.score = v }
        if let v = names["tier"] { c.tier = v }
        if let v = names["reasons"] { c.reasons = v }
        if let v = names["scored_at"] { c.scoredAt = v }
        return c
    }
}
