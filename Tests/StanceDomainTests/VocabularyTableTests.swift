import Testing
import StanceDomain

/// Every row of the vocabulary table: its fields, its effect and its reference codes.
@Suite("Vocabulary table")
struct VocabularyTableTests {
    /// What each type does, written out independently of the table it checks.
    static let expectedEffects: [String: EventEffect] = [
        "actor-registered": .registersActor,
        "role-assigned": .assignsRole,
        "role-ended": .endsRole,
        "statement-issued": .setsGivenPosition,
        "support-declared": .sets(.supports),
        "support-withdrawn": .sets(.neutral),
        "resignation-called-for": .sets(.callsForResignation),
        "resignation-call-withdrawn": .sets(.neutral),
        "dialogue-called-for": .signal,
        "force-refused": .signal,
        "allegation-made": .sets(.critical),
        "protest-held": .sets(.opposes),
        "resigned": .endsRolesIn,
        "event-retracted": .retracts,
        "checkpoint-recorded": .recordsCheckpoint,
    ]

    static let expectedRequired: [String: Set<EventField>] = [
        "actor-registered": [.actor, .name, .kind],
        "role-assigned": [.actor, .institution, .role],
        "role-ended": [.actor, .institution, .role],
        "statement-issued": [.actor],
        "support-declared": [.actor, .toward],
        "support-withdrawn": [.actor, .toward],
        "resignation-called-for": [.actor, .toward],
        "resignation-call-withdrawn": [.actor, .toward],
        "dialogue-called-for": [.actor],
        "force-refused": [.actor, .toward],
        "allegation-made": [.actor, .toward, .summary],
        "protest-held": [.actor, .toward],
        "resigned": [.actor, .toward],
        "event-retracted": [.actor, .retracts, .reason],
        "checkpoint-recorded": [.coversSeq, .head, .digests],
    ]

    static let names = EventType.all.map(\.name)

    @Test func theTableHoldsEachExpectedTypeOnce() {
        #expect(Set(Self.names).count == Self.names.count, "a name appears twice")
        #expect(Set(Self.names) == Set(Self.expectedEffects.keys))
        for name in Self.names {
            #expect(EventType.named(name)?.name == name)
        }
        #expect(EventType.named("Statement-Issued") == nil)
        #expect(EventType.named("statement") == nil)
    }

    @Test(arguments: names)
    func effectAndRequiredFields(name: String) {
        let type = Vocab.type(name)
        #expect(type.effect == Self.expectedEffects[name])
        #expect(Set(type.required) == Self.expectedRequired[name])
        #expect(type.required.contains(.actor) || type.effect == .recordsCheckpoint, "every type but the store's checkpoints names its actor")
        // The accepted fields: required, optional and the common ones, each once.
        #expect(Set(type.accepted).count == type.accepted.count)
        #expect(Set(type.accepted) == Set(type.required + type.optional + EventField.common + (type.canBeReplaced ? [.replaces] : [])))
        #expect(!type.summary.isEmpty)
    }

    @Test(arguments: names)
    func theMinimalAndTheFullEventDecode(name: String) throws {
        let type = Vocab.type(name)
        let minimal = try Vocab.decode(type, Vocab.minimalFields(type))
        #expect(minimal.type == type)
        let full = try Vocab.decode(type, Vocab.fullFields(type))
        for field in type.accepted {
            #expect(full.has(field), "\(field) was dropped")
        }
    }

    @Test(arguments: names)
    func eachRequiredFieldIsEnforced(name: String) {
        let type = Vocab.type(name)
        for field in type.required {
            for replacement in [nil, JSON.null] as [JSON?] {
                var fields = Vocab.fullFields(type)
                fields[field.rawValue] = replacement
                let error = Vocab.error { () throws(DomainError) in try Vocab.decode(type, fields) }
                #expect(error?.code == .missingField, "\(name) without \(field.rawValue)")
                #expect(error?.field == field.rawValue, "\(name) without \(field.rawValue)")
            }
        }
    }

    /// `validate` enforces the same rule on an event built in code rather than decoded.
    @Test(arguments: names)
    func validateEnforcesRequiredFieldsOnBuiltEvents(name: String) throws {
        let type = Vocab.type(name)
        let full = try Vocab.decode(type, Vocab.fullFields(type))
        try full.validate(in: Vocab.laPaz)
        for field in type.required where field != .actor {
            var event = full
            switch field {
            case .toward: event.toward = nil
            case .name: event.name = nil
            case .kind: event.kind = nil
            case .institution: event.institution = nil
            case .role: event.role = nil
            case .summary: event.summary = nil
            case .retracts: event.retracts = nil
            case .reason: event.reason = nil
            case .coversSeq: event.coversSeq = nil
            case .head: event.head = nil
            case .digests: event.digests = [:]
            default: Issue.record("untested required field \(field)")
            }
            let error = Vocab.error { () throws(DomainError) in try event.validate(in: Vocab.laPaz) }
            #expect(error?.code == .missingField)
            #expect(error?.field == field.rawValue)
        }
        guard type.required.contains(.actor) else { return }
        var noActor = full
        noActor.actor = ""
        #expect(Vocab.error { () throws(DomainError) in try noActor.validate(in: Vocab.laPaz) }?.field == "actor")
    }

    @Test(arguments: names)
    func aMisspelledFieldIsRejected(name: String) {
        let type = Vocab.type(name)
        var fields = Vocab.minimalFields(type)
        fields["towards"] = "morales"
        let error = Vocab.error { () throws(DomainError) in try Vocab.decode(type, fields) }
        #expect(error?.code == .unknownField)
        #expect(error?.field == "towards")
    }

    @Test(arguments: names)
    func everyFieldTheTypeDoesNotAcceptIsRejected(name: String) {
        let type = Vocab.type(name)
        for field in EventField.allCases where !type.accepted.contains(field) {
            var fields = Vocab.minimalFields(type)
            fields[field.rawValue] = Vocab.value(of: field, for: type)
            let error = Vocab.error { () throws(DomainError) in try Vocab.decode(type, fields) }
            #expect(error?.code == .unknownField, "\(name) with \(field.rawValue)")
            #expect(error?.field == field.rawValue)
        }
        // Envelope keys are fields of a line, not of a payload.
        for key in ["type", "occurredAt", "id", "Actor"] {
            var fields = Vocab.minimalFields(type)
            fields[key] = "x"
            #expect(Vocab.error { () throws(DomainError) in try Vocab.decode(type, fields) }?.code == .unknownField)
        }
    }

    @Test(arguments: names)
    func theEffectOnPositions(name: String) throws {
        let type = Vocab.type(name)
        let event = try Vocab.decode(type, Vocab.minimalFields(type))
        switch Self.expectedEffects[name]! {
        case .sets(let position):
            #expect(event.setsPosition == position)
            #expect(!event.isSignal)
        case .signal:
            #expect(event.setsPosition == nil)
            #expect(event.isSignal)
        case .setsGivenPosition:
            #expect(event.setsPosition == nil, "a statement without a position sets none")
            #expect(!event.isSignal)
        default:
            #expect(event.setsPosition == nil)
            #expect(!event.isSignal)
        }
    }

    @Test func supportAndResignationTypesSetTheDocumentedPositions() throws {
        let expected: [(String, Position)] = [
            ("support-declared", .supports), ("support-withdrawn", .neutral),
            ("resignation-called-for", .callsForResignation), ("resignation-call-withdrawn", .neutral),
            ("allegation-made", .critical), ("protest-held", .opposes),
        ]
        for (name, position) in expected {
            let type = Vocab.type(name)
            #expect(try Vocab.decode(type, Vocab.minimalFields(type)).setsPosition == position, "\(name)")
        }
    }

    @Test func aResignationCallIsDemandedUnlessSaidOtherwise() throws {
        let type = Vocab.type("resignation-called-for")
        let plain = try Vocab.decode(type, Vocab.minimalFields(type))
        #expect(plain.strength == nil)
        #expect(plain.effectiveStrength == .demanded)
        var fields = Vocab.minimalFields(type)
        fields["strength"] = "suggested"
        #expect(try Vocab.decode(type, fields).effectiveStrength == .suggested)
        fields["strength"] = "demanded"
        #expect(try Vocab.decode(type, fields).effectiveStrength == .demanded)
        fields["strength"] = "begged"
        let error = Vocab.error { () throws(DomainError) in try Vocab.decode(type, fields) }
        #expect(error?.code == .invalidValue)
        #expect(error?.field == "strength")
        // Strength belongs to resignation calls alone.
        let support = Vocab.type("support-declared")
        #expect(try Vocab.decode(support, Vocab.minimalFields(support)).effectiveStrength == nil)
    }

    @Test func theResignedTypeEndsRolesInItsTarget() {
        #expect(Vocab.type("resigned").effect == .endsRolesIn)
        #expect(Vocab.type("role-ended").effect == .endsRole)
        #expect(Vocab.type("role-assigned").effect == .assignsRole)
        #expect(Vocab.type("role-assigned").optional == [.until])
    }

    // MARK: statement-issued

    static let statement = Vocab.type("statement-issued")

    @Test(arguments: Position.recordable)
    func aStatementSetsTheGivenPosition(position: Position) throws {
        var fields = Vocab.minimalFields(Self.statement)
        fields["toward"] = "morales"
        fields["position"] = .string(position.rawValue)
        let event = try Vocab.decode(Self.statement, fields)
        #expect(event.position == position)
        #expect(event.setsPosition == position)
    }

    @Test func aStatementWithAPositionNeedsToward() {
        var fields = Vocab.minimalFields(Self.statement)
        fields["position"] = "supports"
        let error = Vocab.error { () throws(DomainError) in try Vocab.decode(Self.statement, fields) }
        #expect(error?.code == .missingField)
        #expect(error?.field == "toward")
    }

    @Test func aStatementTowardSomeoneWithoutAPositionSetsNone() throws {
        var fields = Vocab.minimalFields(Self.statement)
        fields["toward"] = "morales"
        #expect(try Vocab.decode(Self.statement, fields).setsPosition == nil)
    }

    @Test func aStatementNeedsASummaryOrAQuote() throws {
        var fields: JSONObject = ["actor": "kaliman", "toward": "morales", "position": "critical"]
        let error = Vocab.error { () throws(DomainError) in try Vocab.decode(Self.statement, fields) }
        #expect(error?.code == .missingField)
        #expect(error?.field == "summary")
        fields["quote"] = "we ask the president to step down"
        #expect(try Vocab.decode(Self.statement, fields).setsPosition == .critical)
        fields["quote"] = nil
        fields["summary"] = "A statement."
        #expect(try Vocab.decode(Self.statement, fields).setsPosition == .critical)
        // A source alone says where, not what.
        let sourced: JSONObject = ["actor": "kaliman", "source": "a newspaper"]
        #expect(Vocab.error { () throws(DomainError) in try Vocab.decode(Self.statement, sourced) }?.field == "summary")
    }

    // MARK: positions and other closed sets

    @Test func onlyRecordablePositionsAreAccepted() {
        #expect(!Position.recordable.contains(.unknown))
        #expect(Set(Position.recordable + [.unknown]) == Set(Position.allCases))
        let values: [JSON] = ["unknown", "maybe", "Supports", "SUPPORTS", "calls_for_resignation", " supports", "", 1, true, ["supports"]]
        for value in values {
            var fields = Vocab.minimalFields(Self.statement)
            fields["toward"] = "morales"
            fields["position"] = value
            let error = Vocab.error { () throws(DomainError) in try Vocab.decode(Self.statement, fields) }
            #expect(error?.code == .invalidValue, "position \(value)")
            #expect(error?.field == "position", "position \(value)")
        }
    }

    @Test func thePositionsAreOrderedFromSupportToAResignationCall() {
        #expect(Position.recordable == [.supports, .neutral, .critical, .opposes, .callsForResignation])
        #expect(Position.recordable.sorted() == Position.recordable)
        #expect(Position.supports.side == -1 && Position.neutral.side == 0 && Position.unknown.side == 0)
        #expect([Position.critical, .opposes, .callsForResignation].allSatisfy { $0.side == 1 })
        #expect(Position(rawValue: "calls-for-resignation") == .callsForResignation)
    }

    @Test func rolesKindsAndActorIDsAreClosedSets() {
        let roleType = Vocab.type("role-assigned")
        for (field, bad) in [("role", "president"), ("role", "Commander")] {
            var fields = Vocab.minimalFields(roleType)
            fields[field] = .string(bad)
            let error = Vocab.error { () throws(DomainError) in try Vocab.decode(roleType, fields) }
            #expect(error?.code == .invalidValue)
            #expect(error?.field == field)
        }
        #expect(Role.allCases.filter(\.speaksForInstitution) == [.leader, .commander, .spokesperson])
        #expect(!Role.member.speaksForInstitution)

        let register = Vocab.type("actor-registered")
        var fields = Vocab.minimalFields(register)
        fields["kind"] = "company"
        #expect(Vocab.error { () throws(DomainError) in try Vocab.decode(register, fields) }?.field == "kind")
        for badID in ["Evo", "evo morales", "-evo", "evo_morales", "évo", String(repeating: "a", count: 65)] {
            var fields = Vocab.minimalFields(register)
            fields["actor"] = .string(badID)
            let error = Vocab.error { () throws(DomainError) in try Vocab.decode(register, fields) }
            #expect(error?.code == .invalidValue, "id \(badID)")
            #expect(error?.field == "actor", "id \(badID)")
        }
        fields = Vocab.minimalFields(register)
        fields["actor"] = .string(String(repeating: "a", count: 64))
        #expect(throws: Never.self) { try Vocab.decode(register, fields) }
    }

    @Test func anActorTakesNoPositionTowardItself() {
        let type = Vocab.type("support-declared")
        let fields: JSONObject = ["actor": "morales", "toward": "Morales"]
        let error = Vocab.error { () throws(DomainError) in try Vocab.decode(type, fields) }
        #expect(error?.code == .invalidValue)
        #expect(error?.field == "toward")
    }

    @Test func aRoleCannotEndBeforeItStarts() throws {
        let type = Vocab.type("role-assigned")
        var fields = Vocab.minimalFields(type)
        fields["until"] = "2019-11-09"
        let error = Vocab.error { () throws(DomainError) in try Vocab.decode(type, fields) }
        #expect(error?.code == .invalidValue)
        #expect(error?.field == "until")
        // Until the day it starts is a one-day role.
        fields["until"] = "2019-11-10"
        #expect(try Vocab.decode(type, fields).until == Vocab.day)
        fields["until"] = "not a date"
        #expect(Vocab.error { () throws(DomainError) in try Vocab.decode(type, fields) }?.code == .invalidTime)
    }

    @Test func fieldsCheckTheKindOfTheirValue() {
        let cases: [(String, String, JSON)] = [
            ("support-declared", "toward", 7),
            ("support-declared", "actor", ["kaliman"]),
            ("actor-registered", "aliases", "Evo"),
            ("actor-registered", "aliases", ["Evo", 3]),
            ("support-declared", "summary", "   "),
            ("support-declared", "source", ""),
            ("support-declared", "confidence", "0.5"),
        ]
        for (name, field, value) in cases {
            let type = Vocab.type(name)
            var fields = Vocab.minimalFields(type)
            fields[field] = value
            let error = Vocab.error { () throws(DomainError) in try Vocab.decode(type, fields) }
            #expect(error?.code == .invalidValue, "\(name).\(field) = \(value)")
            #expect(error?.field == field, "\(name).\(field) = \(value)")
        }
    }
}
