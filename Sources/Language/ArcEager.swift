/// spaCy's arc-eager transition system (`pipeline/_parser_internals/arc_eager.pyx`) at
/// prediction time: the moves of a trained parser, which of them are valid in a state, and what
/// each does.
struct ArcEager: Sendable {
    /// The five kinds of move, spaCy's `SHIFT`, `REDUCE`, `LEFT`, `RIGHT`, `BREAK`.
    enum Action: UInt8, Sendable, CaseIterable {
        case shift, reduce, left, right, breakSentence
    }

    /// One class of the model: an action and its label (an index into ``labels``, 0 for none).
    struct Move: Sendable, Equatable {
        var action: Action
        var label: Int32
        /// spaCy's `subtok` label, the only one validated per label.
        var isSubtoken: Bool
    }

    /// The moves in the model's score order.
    let moves: [Move]
    /// The labels, `labels[0]` being the empty label.
    let labels: [String]

    /// Reads class names as spaCy's `class_name` writes them: "S", "D", "L-nsubj", "R-obj",
    /// "B-ROOT".
    init(moveNames: [String]) throws(LanguageError) {
        var labels = MoveLabels()
        var moves: [Move] = []
        for name in moveNames {
            let (prefix, label) = Self.splitMoveName(name)
            let action: Action
            switch prefix {
            case "S": action = .shift
            case "D": action = .reduce
            case "L": action = .left
            case "R": action = .right
            case "B": action = .breakSentence
            default:
                throw LanguageError(code: .modelDamaged, message: "unknown parser move \(name) in the manifest")
            }
            moves.append(Move(action: action, label: labels.intern(label), isSubtoken: label == "subtok"))
        }
        self.moves = moves
        self.labels = labels.names
    }

    // MARK: Validity

    /// spaCy's `Shift.is_valid`.
    static func canShift(_ st: TransitionState) -> Bool {
        if st.stackDepth == 0 { return true }
        if st.bufferLength < 2 { return false }
        let b0 = st.B(0)
        return !st.isSentStart(b0) && !st.isUnshiftable(b0)
    }

    /// spaCy's `Reduce.is_valid` (`l_edge` of a word is the word itself in a state).
    static func canReduce(_ st: TransitionState) -> Bool {
        if st.stackDepth == 0 { return false }
        if st.bufferLength == 0 { return true }
        return !(st.stackDepth == 1 && st.cannotSentStart(st.B(0)))
    }

    /// spaCy's `LeftArc.is_valid` and `RightArc.is_valid` (identical rules).
    static func canAttach(_ st: TransitionState, subtoken: Bool) -> Bool {
        if st.stackDepth == 0 || st.bufferLength == 0 { return false }
        let b0 = st.B(0)
        if st.isSentStart(b0) { return false }
        if subtoken && st.S(0) != b0 - 1 { return false }
        return true
    }

    /// spaCy's `Break.is_valid`: B(1) may start a sentence.
    static func canBreak(_ st: TransitionState) -> Bool {
        if st.bufferLength < 2 { return false }
        let b1 = st.B(1)
        if b1 != st.B(0) + 1 { return false }
        return !st.isSentStart(b1) && !st.cannotSentStart(b1)
    }

    /// spaCy's `set_valid`: validity per action, computed once, except for `subtok` moves.
    func validity(_ st: TransitionState, into valid: UnsafeMutablePointer<Bool>) {
        let shift = Self.canShift(st)
        let reduce = Self.canReduce(st)
        let attach = Self.canAttach(st, subtoken: false)
        let breakSentence = Self.canBreak(st)
        for (i, move) in moves.enumerated() {
            switch move.action {
            case .shift: valid[i] = shift
            case .reduce: valid[i] = reduce
            case .left, .right: valid[i] = move.isSubtoken ? Self.canAttach(st, subtoken: true) : attach
            case .breakSentence: valid[i] = breakSentence
            }
        }
    }

    // MARK: Transitions

    /// Applies `move` (which must be valid).
    func apply(_ move: Move, to st: inout TransitionState) {
        switch move.action {
        case .shift:
            st.push()
        case .reduce:
            // A word without a head goes back to the buffer, unless it is alone on the stack
            // (then it is a root).
            if st.hasHead(st.S(0)) || st.stackDepth == 1 {
                st.pop()
            } else {
                st.unshift()
            }
        case .left:
            let b0 = st.B(0)
            st.addArc(head: b0, child: st.S(0), label: move.label)
            st.setReshiftable(b0)
            st.pop()
        case .right:
            st.addArc(head: st.S(0), child: st.B(0), label: move.label)
            st.push()
        case .breakSentence:
            st.setSentStart(st.B(1))
        }
    }

    /// spaCy's `split_bilu_label`: "L-nsubj" -> ("L", "nsubj"), "S" -> ("S", ""),
    /// "U-" -> ("U", "").
    static func splitMoveName(_ name: String) -> (prefix: String, label: String) {
        guard let dash = name.firstIndex(of: "-") else { return (name, "") }
        return (String(name[..<dash]), String(name[name.index(after: dash)...]))
    }
}

/// The labels of a transition system's moves, numbered in the order they first appear, 0 being
/// the empty label (as spaCy numbers them).
struct MoveLabels {
    private(set) var names = [""]
    private var index: [String: Int32] = ["": 0]

    /// The number of `label`, given a new one the first time.
    mutating func intern(_ label: String) -> Int32 {
        if let known = index[label] { return known }
        let id = Int32(names.count)
        index[label] = id
        names.append(label)
        return id
    }
}
