/// How strongly a resignation is called for.
public enum ResignationStrength: String, CaseIterable, Sendable, Hashable {
    /// "It would be best if the president stepped down."
    case suggested
    /// "The president must resign." The default.
    case demanded
}
