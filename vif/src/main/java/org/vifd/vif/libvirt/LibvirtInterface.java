package org.vifd.vif.libvirt;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.vifd.vif.netlink.MacAddress;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A domain's {@code <interface>} element, the parts vifd writes and reads (libvirt formatdomain.html, "Network
 * interfaces"): type, MAC, model, source (a bridge, or a vhost-user unix socket), target device and whether
 * libvirt manages it, an Open vSwitch virtualport with its interfaceid, and the MTU. Elements libvirt adds
 * (PCI address, alias) are ignored when parsing, so a definition reads back equal.
 */
public record LibvirtInterface(String type, MacAddress mac, String model, Optional<String> sourceBridge,
                               Optional<VhostUserSource> vhostUser, Optional<String> targetDev,
                               Optional<Boolean> targetManaged, Optional<String> openvswitchInterfaceId,
                               OptionalInt mtu) {
    public static final String TYPE_BRIDGE = "bridge";
    public static final String TYPE_ETHERNET = "ethernet";
    public static final String TYPE_VHOSTUSER = "vhostuser";

    /** {@code <source type="unix" path="…" mode="server|client"/>}; mode is QEMU's role on the socket. */
    public record VhostUserSource(String path, String mode) {
        public VhostUserSource {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(mode, "mode");
        }
    }

    public LibvirtInterface {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sourceBridge, "sourceBridge");
        Objects.requireNonNull(vhostUser, "vhostUser");
        Objects.requireNonNull(targetDev, "targetDev");
        Objects.requireNonNull(targetManaged, "targetManaged");
        Objects.requireNonNull(openvswitchInterfaceId, "openvswitchInterfaceId");
        Objects.requireNonNull(mtu, "mtu");
        if (sourceBridge.isPresent() && vhostUser.isPresent()) {
            throw new IllegalArgumentException("an <interface> has one <source>: a bridge or a vhost-user socket, not both");
        }
    }

    public static Builder builder(String type, MacAddress mac) {
        return new Builder(type, mac);
    }

    /** The XML libvirt takes in a domain definition or in attach/detach-device. */
    public String toXml() {
        Document doc = newBuilder().newDocument();
        Element iface = doc.createElement("interface");
        iface.setAttribute("type", type);
        doc.appendChild(iface);
        child(iface, "mac").setAttribute("address", mac.text());
        if (vhostUser.isPresent()) {
            Element source = child(iface, "source");
            source.setAttribute("type", "unix");
            source.setAttribute("path", vhostUser.get().path());
            source.setAttribute("mode", vhostUser.get().mode());
        }
        sourceBridge.ifPresent(b -> child(iface, "source").setAttribute("bridge", b));
        child(iface, "model").setAttribute("type", model);
        if (targetDev.isPresent()) {
            Element target = child(iface, "target");
            target.setAttribute("dev", targetDev.get());
            targetManaged.ifPresent(m -> target.setAttribute("managed", m ? "yes" : "no"));
        }
        if (openvswitchInterfaceId.isPresent()) {
            Element vport = child(iface, "virtualport");
            vport.setAttribute("type", "openvswitch");
            child(vport, "parameters").setAttribute("interfaceid", openvswitchInterfaceId.get());
        }
        mtu.ifPresent(m -> child(iface, "mtu").setAttribute("size", Integer.toString(m)));
        return serialize(doc);
    }

    /** Parses one {@code <interface>} element. */
    public static LibvirtInterface parse(String xml) {
        return fromElement(parseDocument(xml).getDocumentElement());
    }

    /** Every {@code <devices><interface>} of a domain's XML, in document order. */
    public static List<LibvirtInterface> parseDomain(String domainXml) {
        Element domain = parseDocument(domainXml).getDocumentElement();
        List<LibvirtInterface> result = new ArrayList<>();
        for (Element devices : children(domain, "devices")) {
            for (Element iface : children(devices, "interface")) {
                result.add(fromElement(iface));
            }
        }
        return result;
    }

    private static LibvirtInterface fromElement(Element e) {
        if (!e.getTagName().equals("interface")) {
            throw new IllegalArgumentException("expected <interface>, got <" + e.getTagName() + ">");
        }
        Builder b = builder(e.getAttribute("type"),
                MacAddress.parse(first(e, "mac").map(m -> m.getAttribute("address"))
                        .orElseThrow(() -> new IllegalArgumentException("<interface> without <mac address>"))));
        first(e, "model").map(m -> m.getAttribute("type")).filter(s -> !s.isEmpty()).ifPresent(b::model);
        first(e, "source").ifPresent(s -> {
            if (!s.getAttribute("bridge").isEmpty()) {
                b.sourceBridge(s.getAttribute("bridge"));
            }
            if (s.getAttribute("type").equals("unix")) {
                b.vhostUser(new VhostUserSource(s.getAttribute("path"), s.getAttribute("mode")));
            }
        });
        first(e, "target").ifPresent(t -> {
            if (!t.getAttribute("dev").isEmpty()) {
                b.targetDev(t.getAttribute("dev"));
            }
            if (!t.getAttribute("managed").isEmpty()) {
                b.targetManaged(t.getAttribute("managed").equals("yes"));
            }
        });
        first(e, "virtualport").filter(v -> v.getAttribute("type").equals("openvswitch"))
                .flatMap(v -> first(v, "parameters")).map(p -> p.getAttribute("interfaceid"))
                .filter(s -> !s.isEmpty()).ifPresent(b::openvswitchInterfaceId);
        first(e, "mtu").map(m -> m.getAttribute("size")).filter(s -> !s.isEmpty())
                .ifPresent(s -> b.mtu(Integer.parseInt(s)));
        return b.build();
    }

    private static Element child(Element parent, String name) {
        Element c = parent.getOwnerDocument().createElement(name);
        parent.appendChild(c);
        return c;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element el && el.getTagName().equals(name)) {
                result.add(el);
            }
        }
        return result;
    }

    private static Optional<Element> first(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            // The default handler prints every parse error to stderr; failures surface as exceptions instead.
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // not a failure
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser", e);
        }
    }

    private static Document parseDocument(String xml) {
        try {
            return newBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | java.io.IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static String serialize(Document doc) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString().strip() + "\n";
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write XML", e);
        }
    }

    /** Builds a {@link LibvirtInterface}; model defaults to virtio. */
    public static final class Builder {
        private final String type;
        private final MacAddress mac;
        private String model = "virtio";
        private Optional<String> sourceBridge = Optional.empty();
        private Optional<VhostUserSource> vhostUser = Optional.empty();
        private Optional<String> targetDev = Optional.empty();
        private Optional<Boolean> targetManaged = Optional.empty();
        private Optional<String> openvswitchInterfaceId = Optional.empty();
        private OptionalInt mtu = OptionalInt.empty();

        private Builder(String type, MacAddress mac) {
            this.type = Objects.requireNonNull(type, "type");
            this.mac = Objects.requireNonNull(mac, "mac");
        }

        public Builder model(String value) {
            model = Objects.requireNonNull(value, "model");
            return this;
        }

        public Builder sourceBridge(String bridge) {
            sourceBridge = Optional.of(bridge);
            return this;
        }

        public Builder vhostUser(VhostUserSource source) {
            vhostUser = Optional.of(source);
            return this;
        }

        public Builder targetDev(String dev) {
            targetDev = Optional.of(dev);
            return this;
        }

        public Builder targetManaged(boolean managed) {
            targetManaged = Optional.of(managed);
            return this;
        }

        public Builder openvswitchInterfaceId(String portId) {
            openvswitchInterfaceId = Optional.of(portId);
            return this;
        }

        public Builder mtu(int size) {
            mtu = OptionalInt.of(size);
            return this;
        }

        public LibvirtInterface build() {
            return new LibvirtInterface(type, mac, model, sourceBridge, vhostUser, targetDev, targetManaged,
                    openvswitchInterfaceId, mtu);
        }
    }
}
