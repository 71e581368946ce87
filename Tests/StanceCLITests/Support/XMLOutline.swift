import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML document read with Foundation's parser into a tree of elements, to check the charts'
/// structure: that the SVG is well-formed, and what its groups, bands and markers hold.
final class XMLOutline: NSObject, XMLParserDelegate {
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""
        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        /// Every element below this one (itself included), depth first, in document order.
        var all: [Element] { [self] + children.flatMap(\.all) }

        func elements(_ name: String, class className: String? = nil) -> [Element] {
            all.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
        }

        /// The text of the element and all it holds.
        var allText: String { text + children.map(\.allText).joined() }

        /// The text of its `<title>` child: the tooltip.
        var title: String? { children.first { $0.name == "title" }?.allText }
    }

    private var stack: [Element] = []
    private(set) var root: Element?
    private var failure: (any Error)?

    /// Parses the text; throws when it is not well-formed XML.
    static func parse(_ text: String) throws -> Element {
        let outline = XMLOutline()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = outline
        guard parser.parse(), let root = outline.root else {
            throw SandboxError("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "no root element") at line \(parser.lineNumber)")
        }
        return root
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let element = Element(name: name, attributes: attributes)
        stack.last?.children.append(element)
        if stack.isEmpty { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}
