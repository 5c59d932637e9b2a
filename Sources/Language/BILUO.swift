/// spaCy's entity transition system, `BiluoPushDown` (`pipeline/_parser_internals/ner.pyx`), at
/// prediction time: Begin, In, Last, Unit and Out moves over the buffer, one token per move.
struct BILUO: Sendable {
    /// spaCy's `BEGIN`, `IN`, `LAST`, `UNIT`, `OUT`.
    enum Action: UInt8, Sendable, CaseIterable {
        case begin, inside, last, unit, out
    }

    /// One class of the model: an action and its label (an index into ``labels``, 0 for none).
    struct Move: Sendable, Equatable {
        var action: Action
        var label: Int32
    }

    /// Entities already on the document (`ent_iob`, `ent_type` before the recognizer runs),
    /// which the moves must respect. The pipeline sets none before `ner`; tests use them.
    struct Presets: Sendable {
        /// spaCy's `ent_iob` per token: 0 missing, 1 I, 2 O, 3 B.
        var iob: [UInt8] = []
        /// The entity label per token (an index into ``BILUO/labels``), 0 for none.
        var labels: [Int32] = []

        /// No entity preset.
        static let none = Presets()

        /// `ent_iob` of `word`, 0 outside the document or when nothing is preset.
        @inline(__always)
        func iob(_ word: Int32) -> UInt8 {
            word >= 0 && Int(word) < iob.count ? iob[Int(word)] : 0
        }

        /// The preset label of `word`, 0 when none.
        @inline(__always)
        func label(_ word: Int32) -> Int32 {
            word >= 0 && Int(word) < labels.count ? labels[Int(word)] : 0
        }
    }

    /// The moves in the model's score order.
    let moves: [Move]
    /// The entity labels, `labels[0]` being the empty label.
    let labels: [String]

    /// Reads class names as spaCy writes them: "B-PER", "I-LOC", "L-ORG", "U-MISC", "U-", "O".
    init(moveNames: [String]) throws(LanguageError) {
        var labels = MoveLabels()
        var moves: [Move] = []
        for name in moveNames {
            let (prefix, label) = ArcEager.splitMoveName(name)
            let action: Action
            switch prefix {
            case "B": action = .begin
            case "I": action = .inside
            case "L": action = .last
            case "U": action = .unit
            case "O": action = .out
            default:
                throw LanguageError(code: .modelDamaged, message: "unknown entity move \(name) in the manifest")
            }
            moves.append(Move(action: action, label: labels.intern(label)))
        }
        self.moves = moves
        self.labels = labels.names
    }

    /// spaCy's `is_valid` of each move, in score order. `isSpace` is the lexeme's IS_SPACE per
    /// token; the state's preset sentence starts are the parser's.
    func validity(
        _ st: TransitionState, isSpace: [Bool], presets: Presets, into valid: UnsafeMutablePointer<Bool>
    ) {
        for (i, move) in moves.enumerated() {
            valid[i] = Self.isValid(move, st, isSpace: isSpace, presets: presets)
        }
    }

    /// One move's validity, rule for rule as in `ner.pyx`.
    static func isValid(_ move: Move, _ st: TransitionState, isSpace: [Bool], presets: Presets) -> Bool {
        let b0 = st.B(0)
        let b1 = st.B(1)
        let label = move.label
        let iob0 = presets.iob(b0)
        let iob1 = presets.iob(b1)
        let b0IsSpace = b0 >= 0 && Int(b0) < isSpace.count && isSpace[Int(b0)]
        switch move.action {
        case .begin:
            if st.entityIsOpen || st.bufferLength < 2 || label == 0 { return false }
            // Never clobber a preset entity; inside one, only its own label, and only when
            // the next token continues it.
            if iob0 == 1 { return false }
            if iob0 == 3 { return label == presets.label(b0) && iob1 == 1 }
            if iob1 == 3 { return false }
            // No entity across a sentence boundary, none starting on white space.
            if st.presetSentStart(b1) == 1 { return false }
            return !b0IsSpace
        case .inside:
            if !st.entityIsOpen || st.bufferLength < 2 || label == 0 { return false }
            if st.lastEntity.label != label { return false }
            if iob0 == 3 || iob1 == 3 { return false }
            if iob0 == 1 { return !(iob1 == 0 || iob1 == 2) && label == presets.label(b0) }
            return !(b1 != -1 && st.presetSentStart(b1) == 1)
        case .last:
            if label == 0 || !st.entityIsOpen { return false }
            if iob0 == 1 && iob1 != 1 { return label == presets.label(b0) }
            if st.lastEntity.label != label { return false }
            return iob1 != 1
        case .unit:
            // The label-less unit only marks a preset blocked token.
            if label == 0 { return presets.label(b0) == 0 && iob0 == 3 }
            if st.entityIsOpen || iob1 == 1 { return false }
            if iob0 == 3 { return label == presets.label(b0) }
            return !b0IsSpace
        case .out:
            return !st.entityIsOpen && iob0 != 3 && iob0 != 1
        }
    }

    /// Applies `move` (which must be valid): every move consumes one buffer token.
    func apply(_ move: Move, to st: inout TransitionState) {
        switch move.action {
        case .begin:
            st.openEntity(label: move.label)
        case .inside, .out:
            break
        case .last:
            st.closeEntity()
        case .unit:
            st.openEntity(label: move.label)
            st.closeEntity()
        }
        st.push()
        st.pop()
    }
}
