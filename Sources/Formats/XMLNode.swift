import CLibXML2

/// An element of a libxml2 document, valid only inside the closure that received the root
/// (the document is freed when it returns).
struct XMLNode {
    let raw: xmlNodePtr

    init(_ raw: xmlNodePtr) {
        self.raw = raw
    }

    /// The local name, without a namespace prefix.
    var name: String {
        raw.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// Whether the local name is `name`, ignoring case (HTML) when asked.
    func isNamed(_ name: String, ignoringCase: Bool = false) -> Bool {
        ignoringCase ? self.name.lowercased() == name.lowercased() : self.name == name
    }

    /// The element children, in order.
    var elements: [XMLNode] {
        var found: [XMLNode] = []
        var child = raw.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE { found.append(XMLNode(node)) }
            child = node.pointee.next
        }
        return found
    }

    /// The first element child named `name`.
    func child(_ name: String) -> XMLNode? {
        elements.first { $0.name == name }
    }

    /// The element reached by following `path`, one child name per step.
    func child(path: String...) -> XMLNode? {
        var node: XMLNode? = self
        for name in path { node = node?.child(name) }
        return node
    }

    /// The elements children named `name`.
    func children(_ name: String) -> [XMLNode] {
        elements.filter { $0.name == name }
    }

    /// Every element below this one (not itself) in document order, without entering the
    /// subtrees `skip` says to avoid.
    func descendants(skipping skip: (XMLNode) -> Bool = { _ in false }) -> [XMLNode] {
        var found: [XMLNode] = []
        func visit(_ node: XMLNode) {
            for child in node.elements where !skip(child) {
                found.append(child)
                visit(child)
            }
        }
        visit(self)
        return found
    }

    /// The value of the attribute whose local name is `name` (whatever its namespace, so
    /// "lang" finds xml:lang); HTML's parser keeps "xml:lang" whole, which `name` may also be.
    func attribute(_ name: String, ignoringCase: Bool = false) -> String? {
        var attribute = raw.pointee.properties
        while let current = attribute {
            let attributeName = current.pointee.name.map { String(cString: $0) } ?? ""
            if ignoringCase ? attributeName.lowercased() == name.lowercased() : attributeName == name {
                return Self.text(of: current.pointee.children)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// xml:lang (namespaced in XML, a plain attribute name in HTML).
    var xmlLang: String? {
        var attribute = raw.pointee.properties
        while let current = attribute {
            let attributeName = current.pointee.name.map { String(cString: $0) } ?? ""
            let prefix = current.pointee.ns?.pointee.prefix.map { String(cString: $0) }
            if (attributeName == "lang" && prefix == "xml") || attributeName == "xml:lang" {
                return Self.text(of: current.pointee.children)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The text below this element in document order, `br` read as a line end, without the
    /// subtrees `skip` says to avoid.
    func text(skipping skip: (XMLNode) -> Bool = { _ in false }) -> String {
        var out = ""
        func visit(_ node: xmlNodePtr) {
            var child = node.pointee.children
            while let current = child {
                switch current.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = current.pointee.content { out += String(cString: content) }
                case XML_ELEMENT_NODE:
                    let element = XMLNode(current)
                    if element.isNamed("br", ignoringCase: true) {
                        out += "\n"
                    } else if !skip(element) {
                        visit(current)
                    }
                default:
                    break
                }
                child = current.pointee.next
            }
        }
        visit(raw)
        return out
    }

    /// The text nodes of an attribute's value, joined.
    private static func text(of children: xmlNodePtr?) -> String {
        var out = ""
        var child = children
        while let current = child {
            if let content = current.pointee.content { out += String(cString: content) }
            child = current.pointee.next
        }
        return out
    }
}
