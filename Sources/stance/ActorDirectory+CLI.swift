import Projections
import StanceDomain

extension ActorDirectory {
    /// Resolves a name given on the command line; the error names the option (or nothing, for
    /// a command's ACTOR argument, whose message already quotes the name).
    func resolve(_ name: String, option: String?) throws -> Actor {
        do {
            return try resolve(name)
        } catch {
            throw CLIError(.dataError, (option.map { "\($0): " } ?? "") + error.message)
        }
    }
}
