import EventStore
import Foundation
import Projections
import StanceDomain

/// Turns events written by people (names, aliases, codes) into envelopes and appends them:
/// resolves every actor reference to an id, checks what the type table cannot (an actor
/// registered twice, a reference to nobody, a retraction of something withdrawn), encodes the
/// payload canonically and gives the store the event's keys.
///
/// It works inside one store write, reading what it needs through the writer (so that its
/// checks and the append see the same log), and keeps its directory current as it goes, so
/// that a file may register an actor on one line and refer to it on the next.
///
/// ```swift
/// try store.write { writer in
///     var recorder = try Recorder(writer: writer, zone: zone, directory: .asNeeded, recordedBy: nil, batch: nil)
///     return try recorder.record(line)
/// }
/// ```
struct Recorder {
    /// Which actors the recorder's directory holds: all of them (for a file), or, read afresh
    /// for each event, those its names refer to (so that recording one event stays fast on a
    /// large log).
    enum DirectoryScope {
        case all
        case asNeeded
    }

    private(set) var directory: ActorDirectory
    private let scope: DirectoryScope
    let zone: StoreTimeZone
    let writer: any EventWriter
    /// The seq the batch's first event gets.
    let firstSeq: Int64
    private let recordedBy: String
    private let batch: String?
    /// The metadata of an event whose line names no other recorder: the same for the whole batch.
    private let batchMetadata: String
    /// This batch's replacements still waiting for the retraction that names them.
    private var unpairedReplacements: [UUID: ProjectedEvent] = [:]

    init(writer: any EventWriter, zone: StoreTimeZone, directory scope: DirectoryScope, recordedBy: String?, batch: UUID?) throws {
        var query = try QueryScope(writer: writer, zone: zone)
        if case .all = scope { try query.widen([EventKeys.directory]) }
        self.directory = query.directory
        self.scope = scope
        self.zone = zone
        self.writer = writer
        self.firstSeq = writer.head.seq + 1
        self.recordedBy = recordedBy ?? Self.defaultRecorder
        self.batch = batch.map { $0.uuidString.lowercased() }
        batchMetadata = Self.metadata(recordedBy: self.recordedBy, batch: self.batch)
    }

    /// Who records when `--recorded-by` is not given: `$STANCE_USER`, else `$USER`.
    static var defaultRecorder: String {
        let env = ProcessInfo.processInfo.environment
        return env["STANCE_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? env["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
    }

    /// The event with this id, in the store or earlier in the batch, decoded.
    func event(withID id: UUID) throws -> ProjectedEvent? {
        try writer.event(withID: id).flatMap { try? ProjectedEvent($0, in: zone) }
    }

    /// Resolves, checks, encodes and appends one event.
    ///
    /// An id already in the log (or earlier in the batch) with the same content is the store's
    /// no-op; with other content it is refused, naming where the id is already used.
    mutating func record(_ line: EventLine, expectedVersion: ExpectedVersion = .any) throws -> AppendOutcome {
        if case .asNeeded = scope {
            var query = try QueryScope(writer: writer, zone: zone)
            try query.include(names: [line.event.actor] + [line.event.toward, line.event.institution].compactMap { $0 })
            directory = query.directory
        }
        let stored = try line.id.flatMap { try writer.event(withID: $0) }
        var (new, projected) = try prepare(line, isKnown: stored != nil)
        new.expectedVersion = expectedVersion
        if let stored, !new.hasSameContent(as: stored) {
            let id = stored.id.uuidString.lowercased()
            throw stored.seq >= firstSeq
                ? DomainError(.idConflict, field: "id", "\(id) is also the id of an earlier line with different content; an id names one event.")
                : DomainError(.idConflict, field: "id", "\(id) is already stored as seq \(stored.seq) with different content; an id names one event forever: use a new id, or record a correction.")
        }
        let outcome: AppendOutcome
        do {
            outcome = try writer.append(new)
        } catch let error as EventStoreError where error.code == .versionConflict {
            throw VersionConflict(stream: new.stream, expected: expectedVersion, error: error)
        }
        if let projected, !outcome.alreadyStored {
            if projected.event.retracts == nil { directory.apply(projected) }
            if projected.event.replaces != nil { unpairedReplacements[projected.id] = projected }
            if let replacement = projected.event.replacedBy { unpairedReplacements[replacement] = nil }
        }
        return outcome
    }

    /// The envelope to append, and the decoded event when it is new to the log.
    private func prepare(_ line: EventLine, isKnown: Bool) throws -> (NewEvent, ProjectedEvent?) {
        var event = line.event
        if event.type.effect == .registersActor && !isKnown {
            try StanceEvent.checkActorID(event.actor)
            if let existing = try? directory.resolve(event.actor), existing.id == event.actor {
                throw DomainError(.duplicateActor, field: "actor", "an actor with id '\(event.actor)' is already registered (\(existing.name)).")
            }
        } else if event.type.effect != .recordsCheckpoint {
            event.actor = try directory.resolve(event.actor, field: "actor").id
        }
        if let toward = event.toward { event.toward = try directory.resolve(toward, field: "toward").id }
        if let institution = event.institution { event.institution = try directory.resolve(institution, field: "in").id }
        try event.validate(in: zone)
        if event.type.effect == .assignsRole || event.type.effect == .endsRole {
            try checkRole(event)
        }
        if !isKnown {
            if event.retracts != nil { try checkRetraction(event) }
            if event.replaces != nil { try checkReplacement(event) }
        }
        let id = line.id ?? UUID()
        let keys = try EventKeys.keys(of: event) { id in try self.event(withID: id)?.event }
        let new = NewEvent(
            id: id, stream: event.actor, type: event.type.name, schemaVersion: EventType.schemaVersion,
            occurredAt: event.occurred.startMillis(in: zone),
            precision: event.occurred.precisionName == "day" ? .day : .instant,
            payload: JSON.object(event.payload(in: zone)).serialized(),
            metadata: metadata(line.recordedBy), keys: keys)
        let projected = isKnown ? nil
            : ProjectedEvent(seq: writer.head.seq + 1, id: id, recordedAt: 0, recordedBy: nil, event: event, in: zone)
        return (new, projected)
    }

    /// A role is held by a person in an institution or group, never in a person or in oneself.
    private func checkRole(_ event: StanceEvent) throws(DomainError) {
        if let holder = directory.actors[event.actor], holder.kind != .person {
            throw DomainError(.invalidValue, field: "actor", "'\(holder.id)' is \("aeiou".contains(holder.kind.rawValue.first!) ? "an" : "a") \(holder.kind.rawValue); only a person holds a role.")
        }
        if let institution = event.institution.flatMap({ directory.actors[$0] }), institution.kind == .person {
            throw DomainError(.invalidValue, field: "in", "'\(institution.id)' is a person; a role is held in an institution, group, party, state, igo or movement.")
        }
    }

    private func metadata(_ lineRecorder: String?) -> String {
        // Bytes, not String equality: a name spelled with other scalars but canonically
        // equivalent is stored as the line wrote it.
        guard let lineRecorder, !lineRecorder.utf8.elementsEqual(recordedBy.utf8) else { return batchMetadata }
        return Self.metadata(recordedBy: lineRecorder, batch: batch)
    }

    private static func metadata(recordedBy: String, batch: String?) -> String {
        var object = JSONObject()
        object["recordedBy"] = .string(recordedBy)
        if let batch { object["batch"] = .string(batch) }
        return JSON.object(object).serialized()
    }

    /// A stream that was not at the version the caller expected: the store's error, with
    /// the stream the recorder resolved, for a message about the option that set it.
    struct VersionConflict: Error {
        let stream: String
        let expected: ExpectedVersion
        let error: EventStoreError
    }

    /// This batch's replacements that no retraction in the batch names yet.
    var replacementsWithoutRetraction: [ProjectedEvent] {
        unpairedReplacements.values.sorted { $0.seq < $1.seq }
    }
}
