/// The members of a JSON object, kept in insertion order so that writing is deterministic.
///
///     var actor: JSONObject = ["id": "a-17", "name": "Ada"]
///     actor["party"] = "Greens"        // new keys go at the end
///     actor["name"] = "Ada L."         // existing keys keep their place
///     actor.keys                       // ["id", "name", "party"]
///     actor["party"] = nil             // removes the member; store `.null` to keep a null
///
/// Equality ignores order: two objects are equal when they hold the same keys with equal
/// values. Order is a property of how a document was written, not of what it says, so
/// `{"a":1,"b":2}` and `{"b":2,"a":1}` compare equal even though they serialize differently.
/// Compare serialized bytes when the exact form matters.
///
/// Keys are Swift strings, and so compare by Unicode canonical equivalence: `"é"` written
/// precomposed and decomposed are the same key, and the parser reports such a pair as a
/// duplicate.
public struct JSONObject: Hashable, Sendable, Sequence {
    public typealias Element = (key: String, value: JSON)

    /// One key and its value. A struct rather than a tuple because arrays of tuples are
    /// copied and destroyed through the runtime's generic tuple code, which showed up as a
    /// tenth of parse time; a struct gets compiled value witnesses.
    struct Member: Sendable {
        var key: String
        var value: JSON
        /// True only when `key` is known to be pure ASCII. Canonical equivalence can make keys
        /// of different lengths equal ("é" and "e\u{301}", even "K" and "\u{212A}") but never
        /// two ASCII keys, so for those a length mismatch settles a comparison without the
        /// call that String `==` costs. Fits in the padding, so it costs no memory.
        var keyIsASCII: Bool

        init(key: String, value: JSON, keyIsASCII: Bool) {
            self.key = key
            self.value = value
            self.keyIsASCII = keyIsASCII
        }

        init(key: String, value: JSON) {
            self.init(key: key, value: value, keyIsASCII: JSONObject.isASCII(key))
        }

        /// Whether this member's key equals `other`, described by its UTF-8 length and
        /// ASCII-ness so that a scan computes those once.
        @inline(__always)
        func hasKey(_ other: String, length: Int, isASCII: Bool) -> Bool {
            if isASCII, keyIsASCII, key.utf8.count != length { return false }
            return key == other
        }
    }

    static func isASCII(_ key: String) -> Bool {
        // Through the contiguous bytes a native String has: the UTF8View's own iteration
        // cost ~0.3 µs an imported event, over every key of every line.
        key.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? key.utf8.allSatisfy { $0 < 0x80 }
    }

    private(set) var members: [Member]

    /// Key to position, built only for objects too large for a linear scan: most objects hold
    /// a handful of keys, where scanning beats hashing, but a hostile document with 100,000
    /// keys must not make lookups quadratic.
    private var index: [String: Int]?

    /// Measured: a scan that compares lengths first beats hashing up to about 30 short keys,
    /// since hashing one String costs as much as scanning a couple of dozen. The parser uses
    /// the same limit for its duplicate check.
    static var linearScanLimit: Int { 24 }

    public init() {
        members = []
        index = nil
    }

    /// Builds an object from pairs in order; a repeated key replaces the earlier value in the
    /// earlier key's position, as repeated subscript assignments would.
    public init(_ pairs: [(String, JSON)]) {
        self.init()
        members.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            self[key] = value
        }
    }

    /// Adopts members whose keys the caller has already proved distinct.
    init(uniqueMembers: consuming [Member]) {
        members = uniqueMembers
        index = nil
        rebuildIndex()
    }

    public var count: Int { members.count }

    public var isEmpty: Bool { members.isEmpty }

    /// The keys in stored order.
    public var keys: [String] { members.map(\.key) }

    /// Reads a member; assigning replaces the value in place or appends a new key at the end,
    /// and assigning nil removes the key.
    public subscript(key: String) -> JSON? {
        get {
            guard let position = position(of: key) else { return nil }
            return members[position].value
        }
        set {
            if let position = position(of: key) {
                if let newValue {
                    members[position].value = newValue
                } else {
                    remove(at: position)
                }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
                if index != nil {
                    index![key] = members.count - 1
                } else {
                    rebuildIndex()
                }
            }
        }
    }

    /// Removes a member, keeping the order of the others; returns the removed value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        guard let position = position(of: key) else { return nil }
        let value = members[position].value
        remove(at: position)
        return value
    }

    /// Iterates `(key, value)` pairs in stored order.
    public struct Iterator: IteratorProtocol {
        private var base: IndexingIterator<[Member]>

        fileprivate init(_ members: [Member]) { base = members.makeIterator() }

        public mutating func next() -> Element? {
            base.next().map { ($0.key, $0.value) }
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(members)
    }

    public var underestimatedCount: Int { members.count }

    private func position(of key: String) -> Int? {
        if let index {
            return index[key]
        }
        let length = key.utf8.count
        let isASCII = Self.isASCII(key)
        for position in members.indices
        where members[position].hasKey(key, length: length, isASCII: isASCII) {
            return position
        }
        return nil
    }

    private mutating func remove(at position: Int) {
        members.remove(at: position)
        if index != nil {
            rebuildIndex()
        }
    }

    private mutating func rebuildIndex() {
        guard members.count > Self.linearScanLimit else {
            index = nil
            return
        }
        var newIndex = [String: Int](minimumCapacity: members.count)
        for (position, member) in members.enumerated() {
            newIndex[member.key] = position
        }
        index = newIndex
    }
}

extension JSONObject {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        // Objects compared in practice were usually written in the same order: try that first.
        var sameOrder = true
        for position in lhs.members.indices {
            let left = lhs.members[position], right = rhs.members[position]
            if left.key != right.key {
                sameOrder = false
                break
            }
            if left.value != right.value { return false }
        }
        if sameOrder { return true }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    /// Order-independent, to agree with `==`: each member is hashed on its own and the
    /// results are combined with a commutative operation, as `Set` does.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Keeps the literal's order.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements)
    }
}

extension JSONObject: CustomStringConvertible {
    public var description: String { JSON.object(self).serialized() }
}
