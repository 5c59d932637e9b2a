/// The state of a transition-based analysis of one document: spaCy's `StateC`
/// (`pipeline/_parser_internals/_state.pxd`), shared by the dependency parser (stack, buffer,
/// arcs, sentence starts) and the entity recognizer (buffer and entities).
///
/// Token indices are `Int32`, -1 meaning none, as in spaCy. Every array is sized once for the
/// document, so a transition never allocates (the arc pool grows only past twice the token
/// count, which greedy parsing does not reach).
struct TransitionState: Sendable {
    /// One entity: `end` is -1 while it is open.
    struct Entity: Sendable, Equatable {
        var start: Int32
        var end: Int32
        var label: Int32
    }

    /// The number of tokens.
    let length: Int
    /// The head of each token, -1 when it has none.
    private(set) var heads: [Int32]
    /// The label of each token's arc to its head (meaningful only when it has one).
    private(set) var labels: [Int32]
    /// The stack, top last.
    private(set) var stack: [Int32]
    /// Tokens put back on the buffer by an unshift, next one last.
    private(set) var rebuffer: [Int32]
    /// The first token of the buffer not yet read (`_b_i`).
    private(set) var bufferIndex: Int
    /// Tokens unshifted back to the buffer, which `Shift` may not push again.
    private(set) var unshiftable: [Bool]
    /// The document's own `sent_start` per token (1 start, -1 not a start, 0 unknown).
    let presetSentStarts: [Int8]
    /// Sentence starts set by `Break` (spaCy's `_sent_starts`).
    private(set) var breaks: [Bool]
    /// Entities in the order they were opened.
    private(set) var entities: [Entity]

    // spaCy keeps `unordered_map<int, vector<ArcC>>` for left and right arcs. Arcs are only
    // appended and, on deletion, popped when they are the last of their head's list; a deleted
    // arc that is not last stays (spaCy's `map_del_arc` edits a copy of it), so the lists are
    // singly linked stacks in one pool: the child of each arc, and the arc added before it to
    // the same head's list.
    private var arcChild: [Int32]
    private var arcPrevious: [Int32]
    private var lastLeftArc: [Int32]
    private var lastRightArc: [Int32]

    /// A fresh state: everything on the buffer. `presetSentStarts` is the document's
    /// `sent_start` per token (spaCy sets 1 on the first token of a new `Doc`).
    init(length: Int, presetSentStarts: [Int8]? = nil) {
        precondition(length < Int(Int32.max), "document too long")
        self.length = length
        heads = Array(repeating: -1, count: length)
        labels = Array(repeating: 0, count: length)
        stack = []
        stack.reserveCapacity(length)
        rebuffer = []
        rebuffer.reserveCapacity(length)
        bufferIndex = 0
        unshiftable = Array(repeating: false, count: length)
        if let presetSentStarts {
            precondition(presetSentStarts.count == length)
            self.presetSentStarts = presetSentStarts
        } else {
            var starts = [Int8](repeating: 0, count: length)
            if length > 0 { starts[0] = 1 }
            self.presetSentStarts = starts
        }
        breaks = Array(repeating: false, count: length)
        entities = []
        arcChild = []
        arcChild.reserveCapacity(2 * length + 2)
        arcPrevious = []
        arcPrevious.reserveCapacity(2 * length + 2)
        lastLeftArc = Array(repeating: -1, count: length)
        lastRightArc = Array(repeating: -1, count: length)
    }

    // MARK: Reading

    /// The `i`-th token from the top of the stack, or -1.
    @inline(__always)
    func S(_ i: Int) -> Int32 {
        guard i >= 0, i < stack.count else { return -1 }
        return stack[stack.count - 1 - i]
    }

    /// The `i`-th token of the buffer (unshifted tokens first), or -1.
    @inline(__always)
    func B(_ i: Int) -> Int32 {
        guard i >= 0 else { return -1 }
        if i < rebuffer.count { return rebuffer[rebuffer.count - 1 - i] }
        let index = bufferIndex + (i - rebuffer.count)
        return index >= length ? -1 : Int32(index)
    }

    /// The head of `child`, or -1.
    func H(_ child: Int32) -> Int32 {
        guard child >= 0, Int(child) < length else { return -1 }
        return heads[Int(child)]
    }

    /// The start of the last entity opened, or -1.
    var E0: Int32 { entities.last?.start ?? -1 }

    /// The `index`-th most recently attached left child of `head` (1-based), or -1.
    @inline(__always)
    func L(_ head: Int32, _ index: Int) -> Int32 {
        guard head >= 0, Int(head) < length else { return -1 }
        return nthChild(from: lastLeftArc[Int(head)], index)
    }

    /// The `index`-th most recently attached right child of `head` (1-based), or -1.
    @inline(__always)
    func R(_ head: Int32, _ index: Int) -> Int32 {
        guard head >= 0, Int(head) < length else { return -1 }
        return nthChild(from: lastRightArc[Int(head)], index)
    }

    private func nthChild(from last: Int32, _ index: Int) -> Int32 {
        guard index >= 1 else { return -1 }
        var arc = last
        var seen = 0
        while arc >= 0 {
            seen += 1
            if seen == index { return arcChild[Int(arc)] }
            arc = arcPrevious[Int(arc)]
        }
        return -1
    }

    /// The number of arcs in the left (`left`) or right list of `head`, deleted-but-kept ones
    /// included (spaCy's `n_L`, `n_R`).
    func arcCount(of head: Int32, left: Bool) -> Int {
        guard head >= 0, Int(head) < length else { return 0 }
        var arc = left ? lastLeftArc[Int(head)] : lastRightArc[Int(head)]
        var count = 0
        while arc >= 0 {
            count += 1
            arc = arcPrevious[Int(arc)]
        }
        return count
    }

    var stackDepth: Int { stack.count }
    var bufferLength: Int { (length - bufferIndex) + rebuffer.count }
    var isFinal: Bool { stack.isEmpty && bufferLength == 0 }

    /// True when `word` has a head.
    func hasHead(_ word: Int32) -> Bool { heads[Int(word)] >= 0 }

    /// spaCy's `cannot_sent_start`: the document says `word` does not start a sentence.
    func cannotSentStart(_ word: Int32) -> Bool {
        guard word >= 0, Int(word) < length else { return false }
        return presetSentStarts[Int(word)] == -1
    }

    /// spaCy's `is_sent_start`: preset by the document or set by `Break`.
    func isSentStart(_ word: Int32) -> Bool {
        guard word >= 0, Int(word) < length else { return false }
        return presetSentStarts[Int(word)] == 1 || breaks[Int(word)]
    }

    /// The document's `sent_start` of `word`, 0 outside the document (spaCy's empty token).
    func presetSentStart(_ word: Int32) -> Int8 {
        guard word >= 0, Int(word) < length else { return 0 }
        return presetSentStarts[Int(word)]
    }

    func isUnshiftable(_ word: Int32) -> Bool {
        guard word >= 0, Int(word) < length else { return false }
        return unshiftable[Int(word)]
    }

    /// True when the last entity is still open.
    var entityIsOpen: Bool { entities.last.map { $0.end == -1 } ?? false }

    /// The last entity, or an empty one (spaCy's `get_ent`).
    var lastEntity: Entity { entities.last ?? Entity(start: 0, end: 0, label: 0) }

    /// spaCy's `set_context_tokens` for `count` = 8 (the parser) or 3 (the recognizer): the
    /// tokens whose precomputed vectors make the state's features, -1 for none.
    func contextTokens(into ids: UnsafeMutablePointer<Int32>, count: Int) {
        switch count {
        case 3:
            let b0 = B(0)
            ids[0] = b0 >= 0 ? b0 : -1
            ids[1] = entityIsOpen ? E0 : -1
            ids[2] = ids[0] == -1 || ids[1] == -1 ? -1 : ids[0] - 1
        case 8:
            let b0 = B(0)
            let s0 = S(0)
            ids[0] = b0
            ids[1] = B(1)
            ids[2] = s0
            ids[3] = S(1)
            ids[4] = S(2)
            ids[5] = L(b0, 1)
            ids[6] = L(s0, 1)
            ids[7] = R(s0, 1)
        default:
            preconditionFailure("no context of \(count) tokens")
        }
        for i in 0..<count where ids[i] < 0 { ids[i] = -1 }
    }

    // MARK: Changing

    /// Moves the first buffer token onto the stack.
    mutating func push() {
        let b0: Int32
        if let last = rebuffer.popLast() {
            b0 = last
        } else {
            b0 = Int32(bufferIndex)
            bufferIndex += 1
        }
        stack.append(b0)
    }

    /// Drops the top of the stack.
    mutating func pop() {
        _ = stack.popLast()
    }

    /// Puts the top of the stack back on the buffer, and forbids shifting it again.
    mutating func unshift() {
        guard let s0 = stack.popLast() else { return }
        unshiftable[Int(s0)] = true
        rebuffer.append(s0)
    }

    /// Allows `word` to be shifted again.
    mutating func setReshiftable(_ word: Int32) {
        guard word >= 0, Int(word) < length else { return }
        unshiftable[Int(word)] = false
    }

    /// Ends the analysis at once (spaCy's `force_final`, when no move is valid).
    mutating func forceFinal() {
        stack.removeAll(keepingCapacity: true)
        bufferIndex = length
    }

    /// Marks `word` as a sentence start.
    mutating func setSentStart(_ word: Int32) {
        guard word >= 0, Int(word) < length else { return }
        breaks[Int(word)] = true
    }

    /// Attaches `child` to `head`, removing its previous arc first.
    mutating func addArc(head: Int32, child: Int32, label: Int32) {
        if hasHead(child) { deleteArc(head: heads[Int(child)], child: child) }
        let arc = Int32(arcChild.count)
        arcChild.append(child)
        if head > child {
            arcPrevious.append(lastLeftArc[Int(head)])
            lastLeftArc[Int(head)] = arc
        } else {
            arcPrevious.append(lastRightArc[Int(head)])
            lastRightArc[Int(head)] = arc
        }
        heads[Int(child)] = head
        labels[Int(child)] = label
    }

    // spaCy's `del_arc`: pops the arc when it is the last of its head's list, and otherwise
    // leaves the list unchanged (its loop clears a copy of the arc). `_heads` is not reset.
    private mutating func deleteArc(head: Int32, child: Int32) {
        guard head >= 0, Int(head) < length else { return }
        let last = head > child ? lastLeftArc[Int(head)] : lastRightArc[Int(head)]
        guard last >= 0, arcChild[Int(last)] == child else { return }
        if head > child {
            lastLeftArc[Int(head)] = arcPrevious[Int(last)]
        } else {
            lastRightArc[Int(head)] = arcPrevious[Int(last)]
        }
    }

    /// Opens an entity of `label` at the first buffer token.
    mutating func openEntity(label: Int32) {
        entities.append(Entity(start: B(0), end: -1, label: label))
    }

    /// Closes the last entity after the first buffer token.
    mutating func closeEntity() {
        guard !entities.isEmpty else { return }
        entities[entities.count - 1].end = B(0) + 1
    }
}
