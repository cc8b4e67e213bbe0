package dev.edgecam.discovery;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Advertises through avahi-daemon: one static service file per camera, {@code DIR/edgecam-ID.service}
 * ({@code avahi.service(5)}), which avahi-daemon reads when it appears (it watches its services folder) and
 * withdraws when it goes. So no second mDNS responder runs beside Avahi. The instance name is
 * {@code edgecam ID on %h} with Avahi's wildcard for its own host name, so it follows a renamed or conflicting
 * host as Avahi's own services do.
 *
 * <p>Files are written to a hidden temporary name and renamed over the old one (Avahi never reads half a file) and
 * only when their text changes (no needless re-announcement at each reload). {@link #advertise} deletes every
 * {@code edgecam-*.service} of the folder not in the new set, and {@link #close} deletes them all: the folder is
 * this server's to use for its cameras (one edgecam per host).
 */
public final class AvahiServiceFiles implements Advertiser {

    /** Avahi's folder of static services on Debian and Raspberry Pi OS. */
    public static final Path DEFAULT_DIR = Path.of("/etc/avahi/services");
    private static final String PREFIX = "edgecam-";
    private static final String SUFFIX = ".service";
    private static final Logger log = LoggerFactory.getLogger(AvahiServiceFiles.class);

    private final Path dir;
    private boolean closed;

    public AvahiServiceFiles(Path dir) {
        this.dir = dir;
    }

    /** True when the folder exists and this process may create files in it. */
    public static boolean writable(Path dir) {
        return Files.isDirectory(dir) && Files.isWritable(dir);
    }

    @Override
    public synchronized void advertise(List<CameraAdvert> cameras) {
        if (closed) {
            return;
        }
        Set<Path> keep = new HashSet<>();
        for (CameraAdvert camera : cameras) {
            Path file = dir.resolve(fileName(camera.id()));
            keep.add(file);
            try {
                writeIfChanged(file, xml(camera));
            } catch (IOException e) {
                log.warn("mDNS: cannot write {} ({}); camera {} is not advertised. Make {} writable for edgecam's user "
                        + "or set mdns: jmdns", file, e.toString(), camera.id(), dir);
            }
        }
        deleteOursExcept(keep);
    }

    @Override
    public String describe() {
        return "advertised by Avahi service files in " + dir;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            deleteOursExcept(Set.of());
            closed = true;
        }
    }

    /** The service file of {@code camera}: an {@code _http._tcp} and an {@code _rtsp._tcp} service with their TXT. */
    public static String xml(CameraAdvert camera) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element group = doc.createElement("service-group");
            doc.appendChild(group);
            Element name = doc.createElement("name");
            name.setAttribute("replace-wildcards", "yes");
            // %h is Avahi's host name; a literal % in an id cannot happen (ids are [A-Za-z0-9_-]).
            name.setTextContent(CameraAdvert.PRODUCT + " " + camera.id() + " on %h");
            group.appendChild(name);
            if (camera.httpPort() > 0) {
                group.appendChild(service(doc, CameraAdvert.HTTP_TYPE, camera.httpPort(), camera.httpTxt()));
            }
            if (camera.rtspPort() > 0) {
                group.appendChild(service(doc, CameraAdvert.RTSP_TYPE, camera.rtspPort(), camera.rtspTxt()));
            }
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.DOCTYPE_SYSTEM, "avahi-service.dtd");
            transformer.setOutputProperty(OutputKeys.STANDALONE, "no");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter text = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(text));
            return text.toString();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML writer failed on the Avahi service of " + camera.id(), e);
        }
    }

    private static Element service(Document doc, String type, int port, Map<String, String> txt) {
        Element service = doc.createElement("service");
        Element typeElement = doc.createElement("type");
        typeElement.setTextContent(type);
        service.appendChild(typeElement);
        Element portElement = doc.createElement("port");
        portElement.setTextContent(Integer.toString(port));
        service.appendChild(portElement);
        txt.forEach((key, value) -> {
            Element record = doc.createElement("txt-record");
            record.setTextContent(key + "=" + value);
            service.appendChild(record);
        });
        return service;
    }

    static String fileName(String cameraId) {
        return PREFIX + cameraId + SUFFIX;
    }

    private void writeIfChanged(Path file, String text) throws IOException {
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            return;
        }
        Path temporary = dir.resolve("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.info("mDNS: wrote {}", file);
    }

    private void deleteOursExcept(Set<Path> keep) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                if (!keep.contains(file)) {
                    Files.deleteIfExists(file);
                    log.info("mDNS: removed {}", file);
                }
            }
        } catch (IOException e) {
            log.warn("mDNS: cannot clean up {} ({}); remove its edgecam-*.service files by hand", dir, e.toString());
        }
    }
}
