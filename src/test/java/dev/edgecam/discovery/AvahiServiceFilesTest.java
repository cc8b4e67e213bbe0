package dev.edgecam.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The Avahi service files: the XML as avahi.service(5) reads it (parsed back here; avahi-daemon itself reads them in
 * {@link AvahiLabTest}), and the folder kept in step with the camera list.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AvahiServiceFilesTest {

    @TempDir
    Path dir;

    private final CameraAdvert door = new CameraAdvert("door", "shop-pi", 8080, 8554, false, "1.2");

    @Test
    void theFileHasBothServicesWithTheirPortsAndTxt() throws Exception {
        String xml = AvahiServiceFiles.xml(door);

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>")
                .contains("<!DOCTYPE service-group SYSTEM \"avahi-service.dtd\">");
        Document doc = parse(xml);
        Element name = (Element) doc.getElementsByTagName("name").item(0);
        assertThat(name.getTextContent()).isEqualTo("edgecam door on %h");
        assertThat(name.getAttribute("replace-wildcards")).isEqualTo("yes");
        NodeList services = doc.getElementsByTagName("service");
        assertThat(services.getLength()).isEqualTo(2);
        Element http = (Element) services.item(0);
        assertThat(text(http, "type")).containsExactly("_http._tcp");
        assertThat(text(http, "port")).containsExactly("8080");
        assertThat(text(http, "txt-record")).containsExactly("txtvers=1", "path=/", "mjpeg=/cam/door/stream",
                "snapshot=/cam/door/snapshot", "http_port=8080", "rtsp=/door", "rtsp_port=8554", "id=door",
                "server=shop-pi", "product=edgecam", "version=1.2");
        Element rtsp = (Element) services.item(1);
        assertThat(text(rtsp, "type")).containsExactly("_rtsp._tcp");
        assertThat(text(rtsp, "port")).containsExactly("8554");
        assertThat(text(rtsp, "txt-record")).contains("path=/door");
    }

    @Test
    void aServerWithoutRtspHasOnlyTheHttpService() throws Exception {
        Document doc = parse(AvahiServiceFiles.xml(new CameraAdvert("door", "pi", 8080, 0, false, "1")));
        assertThat(doc.getElementsByTagName("service").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("type").item(0).getTextContent()).isEqualTo("_http._tcp");
    }

    @Test
    void theFolderFollowsTheCameraListAndIsCleanedAtClose() throws Exception {
        Path other = Files.writeString(dir.resolve("ssh.service"), "<service-group/>");
        Path stale = Files.writeString(dir.resolve("edgecam-gone.service"), "<service-group/>");
        CameraAdvert yard = new CameraAdvert("yard", "shop-pi", 8080, 8554, false, "1.2");
        AvahiServiceFiles files = new AvahiServiceFiles(dir);

        files.advertise(List.of(door, yard));
        assertThat(names()).containsExactlyInAnyOrder("ssh.service", "edgecam-door.service", "edgecam-yard.service");
        assertThat(Files.readString(dir.resolve("edgecam-door.service"))).isEqualTo(AvahiServiceFiles.xml(door));
        assertThat(stale).doesNotExist();

        FileTime written = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(dir.resolve("edgecam-door.service"), written);
        files.advertise(List.of(door));
        assertThat(names()).containsExactlyInAnyOrder("ssh.service", "edgecam-door.service");
        assertThat(Files.getLastModifiedTime(dir.resolve("edgecam-door.service")))
                .as("an unchanged file is not rewritten (Avahi would announce it again)").isEqualTo(written);

        files.close();
        files.close();
        assertThat(names()).containsExactly("ssh.service");
        assertThat(other).hasContent("<service-group/>");
        files.advertise(List.of(door));
        assertThat(names()).as("nothing after close").containsExactly("ssh.service");
    }

    private List<String> names() throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }

    private static Document parse(String xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setValidating(false);
        var builder = factory.newDocumentBuilder();
        builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader(""))); // the DTD is Avahi's
        return builder.parse(new InputSource(new StringReader(xml)));
    }

    private static List<String> text(Element parent, String tag) {
        List<String> texts = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
