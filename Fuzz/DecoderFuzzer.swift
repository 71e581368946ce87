import Foundation

// A libFuzzer target for the event decoder. It is not a SwiftPM target: scripts/fuzz-decoder.sh
// compiles it together with Sources/StanceDomain (one module, so internal API is visible too)
// using `swiftc -sanitize=fuzzer,address`. Thrown errors are the decoder doing its job; traps,
// crashes, sanitizer reports and timeouts are findings.

/// The zones every line is read in: UTC (a store made without `--timezone`) and a zone with a
/// negative offset and local mean time with seconds before 1932, where day/instant edges differ.
private let zones: [StoreTimeZone] = [
    .utc,
    StoreTimeZone(identifier: "America/La_Paz")!,
]

/// Stops with the message: `precondition` drops its message under -O, and the message is
/// what says which property broke.
private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// libFuzzer's entry point: one input is one NDJSON line, as `stance import` reads it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let value = try? JSON.parse(bytes) else { return 0 }
    checkJSONRoundTrip(value)
    guard case .object(let object) = value else { return 0 }
    for zone in zones {
        guard let line = try? EventLine.parse(object, in: zone) else { continue }
        checkAccepted(line, in: zone)
    }
    return 0
}

/// Any parsed value must serialize to text that parses back to an equal value and serializes
/// to the same bytes again: stored payloads are hashed, so the writer must be a fixed point.
private func checkJSONRoundTrip(_ value: JSON) {
    let text = value.serialized()
    guard let again = try? JSON.parse(text) else {
        fatalError("serialized JSON does not parse: \(text)")
    }
    require(again == value, "JSON round trip changed the value: \(text)")
    require(again.serialized() == text, "serializing twice gave different bytes: \(text)")
    let pretty = value.serialized(pretty: true)
    require((try? JSON.parse(pretty)) == value, "pretty JSON does not parse back: \(pretty)")
}

/// What happens to an accepted line: validation, the canonical payload the store hashes, the
/// stored form read back as replay reads it, and the export line imported again.
private func checkAccepted(_ line: EventLine, in zone: StoreTimeZone) {
    let event = line.event
    do { try event.validate(in: zone) } catch {
        fatalError("an accepted line fails validation (\(zone.identifier)): \(error)")
    }

    // The payload as Recorder writes it, then parsed back as ProjectedEvent parses it.
    let payload = event.payload(in: zone)
    let payloadText = JSON.object(payload).serialized()
    guard case .object(let storedFields)? = try? JSON.parse(payloadText) else {
        fatalError("a stored payload does not parse as an object: \(payloadText)")
    }
    require(storedFields == payload, "payload round trip changed it: \(payloadText)")

    // The envelope stores occurred_at as the first millisecond and the precision apart.
    let startMillis = event.occurred.startMillis(in: zone)
    let storedOccurred: WorldTime = switch event.occurred {
    case .day: .day(zone.civilDate(at: startMillis))
    case .instant: .instant(startMillis)
    }
    require(storedOccurred == event.occurred,
                 "occurred \(event.occurred) stores as \(storedOccurred) (\(zone.identifier))")
    let stored: StanceEvent
    do {
        stored = try StanceEvent.decode(type: event.type, occurred: storedOccurred, fields: storedFields, in: zone)
    } catch {
        fatalError("an accepted event's stored form does not decode (\(zone.identifier)): \(error) in \(payloadText)")
    }
    require(stored == event, "the stored form decodes to a different event (\(zone.identifier)): \(payloadText)")

    // The line `stance events --format ndjson` writes must import as the same event.
    var exported = payload
    exported["type"] = .string(event.type.name)
    exported["occurredAt"] = .string(event.occurred.formatted(in: zone))
    exported["precision"] = .string(event.occurred.precisionName)
    exported["schemaVersion"] = .int(EventType.schemaVersion)
    if let id = line.id { exported["id"] = .string(id.uuidString.lowercased()) }
    if let recordedBy = line.recordedBy { exported["recordedBy"] = .string(recordedBy) }
    let exportText = JSON.object(exported).serialized()
    let reimported: EventLine
    do {
        guard case .object(let object) = try JSON.parse(exportText) else { fatalError("not an object") }
        reimported = try EventLine.parse(object, in: zone)
    } catch {
        fatalError("an accepted event's export does not import (\(zone.identifier)): \(error) in \(exportText)")
    }
    require(reimported == line, "export then import changed the line (\(zone.identifier)): \(exportText)")
}
