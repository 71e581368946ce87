import Foundation
import Testing
import StanceDomain

/// The vocabulary's reference codes agree with the CAMEO table, kept in the repository as
/// `data/cameo-codes.tsv` (a copy of the shared `../shared/data/cameo-codes.tsv`, so that a
/// clone checked out anywhere can run the tests).
@Suite("Vocabulary CAMEO and PLOVER codes")
struct VocabularyCAMEOTests {
    struct Row: Equatable {
        let description: String
        let goldstein: Double
    }

    /// The repository's root, found from this file: Tests/StanceDomainTests/<file>.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let tablePath = repositoryRoot.appendingPathComponent("data/cameo-codes.tsv").path
    static let sharedPath = repositoryRoot.appendingPathComponent("../shared/data/cameo-codes.tsv").standardizedFileURL.path

    static func loadTable() throws -> [String: Row] {
        let text = try String(contentsOfFile: tablePath, encoding: .utf8)
        var rows: [String: Row] = [:]
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.first == "code\tdescription\tgoldstein", "the header changed")
        lines.removeFirst()
        for line in lines where !line.isEmpty {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            #expect(columns.count == 3, "malformed row: \(line)")
            guard columns.count == 3, let score = Double(columns[2]) else { continue }
            #expect(rows[columns[0]] == nil, "code \(columns[0]) listed twice")
            rows[columns[0]] = Row(description: columns[1], goldstein: score)
        }
        return rows
    }

    /// Where the shared table is present (every developer machine and CI run), the copy equals it.
    @Test func theCopyMatchesTheSharedTable() throws {
        guard FileManager.default.fileExists(atPath: Self.sharedPath) else { return }
        #expect(try Data(contentsOf: URL(fileURLWithPath: Self.tablePath)) == Data(contentsOf: URL(fileURLWithPath: Self.sharedPath)))
    }

    @Test func theSharedTableIsThere() throws {
        #expect(FileManager.default.fileExists(atPath: Self.tablePath), "missing \(Self.tablePath)")
        let table = try Self.loadTable()
        #expect(table.count > 200)
        #expect(table["010"] == Row(description: "Make statement", goldstein: 0.0))
    }

    @Test(arguments: EventType.all.map(\.name))
    func everyCodeExistsWithItsGoldsteinScore(name: String) throws {
        let table = try Self.loadTable()
        let type = try #require(EventType.named(name))
        for cameo in type.cameo {
            let row = try #require(table[cameo.code], "\(name): CAMEO \(cameo.code) is not in the table")
            #expect(row.goldstein == cameo.goldstein, "\(name): CAMEO \(cameo.code) is \(row.goldstein) in the table, \(cameo.goldstein) in the vocabulary")
            #expect((-10.0...10.0).contains(cameo.goldstein))
            #expect(cameo.code.allSatisfy(\.isASCII) && cameo.code.allSatisfy(\.isNumber))
        }
    }

    @Test func typesThatAreEventsInTheWorldCarryACode() {
        let bookkeeping: Set<String> = ["actor-registered", "role-assigned", "role-ended", "event-retracted", "checkpoint-recorded"]
        for type in EventType.all {
            if bookkeeping.contains(type.name) {
                #expect(type.cameo.isEmpty, "\(type.name)")
                #expect(type.plover == nil, "\(type.name)")
            } else {
                #expect(!type.cameo.isEmpty, "\(type.name) has no CAMEO code")
            }
        }
    }

    @Test func aResignationCallIsDemandedAsCAMEO1041OrSuggestedAs0241() throws {
        let type = try #require(EventType.named("resignation-called-for"))
        #expect(type.cameo.map(\.code) == ["1041", "0241"])
        let table = try Self.loadTable()
        #expect(table["1041"]?.description == "Demand change in leadership")
        #expect(table["0241"]?.description == "Appeal for change in leadership")
    }

    @Test func ploverCategoriesAreReal() {
        let categories: Set<String> = [
            "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
            "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
        ]
        for type in EventType.all {
            if let plover = type.plover { #expect(categories.contains(plover), "\(type.name): \(plover)") }
        }
    }
}
