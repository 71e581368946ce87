extension EventType {
    /// The vocabulary, in the order `stance types` lists it.
    public static let all: [EventType] = [
        EventType(
            name: "actor-registered", required: [.actor, .name, .kind], optional: [.aliases, .codes],
            effect: .registersActor, cameo: [], plover: nil,
            summary: "An actor enters the record: id, name, kind, aliases and codes (e.g. CAMEO BOLMIL)."),
        EventType(
            name: "role-assigned", required: [.actor, .institution, .role], optional: [.until],
            effect: .assignsRole, cameo: [], plover: nil,
            summary: "A person takes a role in an institution from the event's date, optionally until a date."),
        EventType(
            name: "role-ended", required: [.actor, .institution, .role], optional: [],
            effect: .endsRole, cameo: [], plover: nil,
            summary: "A person's role in an institution ends."),
        EventType(
            name: "statement-issued", required: [.actor], optional: [.toward, .position],
            effect: .setsGivenPosition, cameo: [CAMEOCode(code: "010", goldstein: 0.0)], plover: nil,
            summary: "The actor makes a statement; with a position toward someone, it sets that position."),
        EventType(
            name: "support-declared", required: [.actor, .toward], optional: [],
            effect: .sets(.supports), cameo: [CAMEOCode(code: "051", goldstein: 3.4)], plover: "SUPPORT",
            summary: "The actor declares support for `toward`."),
        EventType(
            name: "support-withdrawn", required: [.actor, .toward], optional: [],
            effect: .sets(.neutral), cameo: [CAMEOCode(code: "16", goldstein: -4.0)], plover: "SANCTION",
            summary: "The actor withdraws its support for `toward`."),
        EventType(
            name: "resignation-called-for", required: [.actor, .toward], optional: [.strength],
            effect: .sets(.callsForResignation),
            cameo: [CAMEOCode(code: "1041", goldstein: -5.0), CAMEOCode(code: "0241", goldstein: -0.3)],
            plover: "REQUEST",
            summary: "The actor calls for `toward` to resign: `demanded` (CAMEO 1041, the default) or `suggested` (0241)."),
        EventType(
            name: "resignation-call-withdrawn", required: [.actor, .toward], optional: [],
            effect: .sets(.neutral), cameo: [CAMEOCode(code: "08", goldstein: 5.0)], plover: "CONCEDE",
            summary: "The actor takes back its call for `toward` to resign."),
        EventType(
            name: "dialogue-called-for", required: [.actor], optional: [.toward],
            effect: .signal, cameo: [CAMEOCode(code: "026", goldstein: 4.0)], plover: "REQUEST",
            summary: "The actor calls for dialogue, optionally with `toward`."),
        EventType(
            name: "force-refused", required: [.actor, .toward], optional: [],
            effect: .signal, cameo: [CAMEOCode(code: "087", goldstein: 9.0)], plover: "RETREAT",
            summary: "The actor refuses to use force against `toward`."),
        EventType(
            name: "allegation-made", required: [.actor, .toward, .summary], optional: [],
            effect: .sets(.critical), cameo: [CAMEOCode(code: "112", goldstein: -2.0)], plover: "ACCUSE",
            summary: "The actor alleges wrongdoing by `toward`; `summary` says what."),
        EventType(
            name: "protest-held", required: [.actor, .toward], optional: [],
            effect: .sets(.opposes), cameo: [CAMEOCode(code: "14", goldstein: -6.5)], plover: "PROTEST",
            summary: "The actor protests against `toward`."),
        EventType(
            name: "resigned", required: [.actor, .toward], optional: [],
            effect: .endsRolesIn, cameo: [CAMEOCode(code: "0831", goldstein: 5.0)], plover: "CONCEDE",
            summary: "The actor resigns from the institution `toward`, ending its open roles there."),
        EventType(
            name: "event-retracted", required: [.actor, .retracts, .reason], optional: [.replacedBy],
            effect: .retracts, cameo: [], plover: nil,
            summary: "Withdraws an earlier event (`retracts`), which stops counting from then on; `stance retract` and `stance correct` record it."),
        EventType(
            name: "checkpoint-recorded", required: [.coversSeq, .head, .digests], optional: [.signature, .publicKey],
            effect: .recordsCheckpoint, cameo: [], plover: nil,
            summary: "The chain head and the projections' digests up to `coversSeq`, signed with Ed25519 when a key is given; `stance checkpoint` records it."),
    ]
}
