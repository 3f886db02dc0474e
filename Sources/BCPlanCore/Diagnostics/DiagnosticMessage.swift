import BCPlanYAML

/// A message enum whose cases become diagnostics: the wording (`description`) and a stable
/// `code` for machine output, both in one place.
///
/// Codes are lower case with `_`, never reworded once published (`validate --format json`
/// carries them); a new case needs a new code, which the exhaustive `switch` in each conforming
/// enum asks for.
public protocol DiagnosticMessage: CustomStringConvertible, Sendable {
    var code: String { get }
}

extension YAMLMessage: DiagnosticMessage {}
