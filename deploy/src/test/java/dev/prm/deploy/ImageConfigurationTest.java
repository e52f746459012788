package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The container images' build configuration (Jib in the parent POM, enabled per service) against what the services
 * are: their port, their application class, and the pinned base. The images themselves are built and inspected by
 * bin/build-images, which needs root and minutes; this keeps the configuration they start from honest in every build.
 */
class ImageConfigurationTest {

    private static final String JIB = "jib-maven-plugin";

    @Test
    void everyServiceBuildsAnImageOnItsPortWithItsApplicationClass() throws Exception {
        for (String name : Repository.MODULES) {
            Document pom = pom(Repository.ROOT.resolve(name + "/pom.xml"));
            assertThat(plugins(pom.getDocumentElement(), "build", "plugins")).as("%s enables Jib", name).contains(JIB);
            Element properties = child(pom.getDocumentElement(), "properties");
            assertThat(Integer.parseInt(text(properties, "prm.image.port")))
                    .as("%s: the image's port is server.port of its application.yaml", name)
                    .isEqualTo(Repository.module(name).port());
            if (name.equals("api-gateway")) {
                assertThat(text(properties, "prm.image.java-options")).as("the gateway only serves reads: every thread at nice 0, ZGC")
                        .isEqualTo("${prm.gateway.jvm-flags}");
            } else {
                assertThat(text(properties, "prm.image.java-options")).as("%s: the parallel collector, HTTP threads before ingestion (ReadsFirst)", name)
                        .isEqualTo("${prm.service.jvm-flags}");
            }
            String mainClass = text(properties, "prm.image.main-class");
            Path source = Repository.ROOT.resolve(name + "/src/main/java/" + mainClass.replace('.', '/') + ".java");
            assertThat(source).as("%s: the image's main class", name).isRegularFile();
            assertThat(Files.readString(source)).as("%s is the Spring Boot application", mainClass).contains("@SpringBootApplication");
        }
    }

    @Test
    void imagesRunAsANumericNonRootUserWithoutLatestAndWithTheProbe() throws Exception {
        Element jib = jibConfiguration();
        Element container = child(jib, "container");
        String user = text(container, "user");
        assertThat(user).as("numeric uid:gid, so runAsNonRoot can verify it").matches("\\d+:\\d+");
        assertThat(user.split(":")).as("neither root user nor root group").doesNotContain("0");
        assertThat(text(child(jib, "to"), "image")).isEqualTo("prm/${project.artifactId}:${project.version}");
        assertThat(child(child(jib, "to"), "tags")).as("no extra tags such as latest").isNull();
        assertThat(text(container, "format")).isEqualTo("OCI");
        assertThat(text(child(container, "environment"), "AXONIQ_UPDATE_CHECKER_DISABLED")).isEqualTo("true");
        assertThat(text(child(container, "environment"), "JDK_JAVA_OPTIONS")).isEqualTo("${prm.image.java-options}");
        Element properties = child(pom(Repository.ROOT.resolve("pom.xml")).getDocumentElement(), "properties");
        assertThat(text(properties, "prm.gateway.jvm-flags")).isEqualTo("-XX:+UseZGC");
        assertThat(text(properties, "prm.service.jvm-flags")).contains("-XX:+UseParallelGC", "-XX:ThreadPriorityPolicy=1")
                .contains("-XX:JavaPriority5_To_OSPriority=10").contains("-XX:JavaPriority10_To_OSPriority=0");
        List<String> flags = texts(child(container, "jvmFlags"));
        assertThat(flags).anyMatch(flag -> flag.startsWith("-XX:MaxRAMPercentage=")).contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(texts(child(container, "ports"))).containsExactly("${prm.image.port}");

        Element extra = child(child(child(jib, "extraDirectories"), "paths"), "path");
        assertThat(text(extra, "into")).isEqualTo("/opt/prm");
        assertThat(text(extra, "includes")).isEqualTo("healthcheck.sh");
        Path probe = Path.of(text(extra, "from").replace("${maven.multiModuleProjectDirectory}", Repository.ROOT.toString()))
                .resolve("healthcheck.sh");
        assertThat(probe).isRegularFile();
        Element permission = child(child(child(jib, "extraDirectories"), "permissions"), "permission");
        assertThat(text(permission, "file")).isEqualTo("/opt/prm/healthcheck.sh");
        assertThat(text(permission, "mode")).isEqualTo("755");
    }

    @Test
    void jibRunsOnlyWhenAsked() throws Exception {
        // bound to no phase: `mvn verify` (and CI) never builds images or needs the base tarball
        Element plugin = jibPlugin();
        assertThat(child(plugin, "executions")).isNull();
    }

    @Test
    void theBaseIsPinnedByDigest() throws Exception {
        Properties pin = new Properties();
        pin.load(new StringReader(Files.readString(Repository.ROOT.resolve("deploy/images/base-image.properties"))));
        assertThat(pin.getProperty("digest")).matches("sha256:[0-9a-f]{64}");
        assertThat(pin.getProperty("layer.digest")).matches("sha256:[0-9a-f]{64}");
        assertThat(pin.getProperty("layer.diff-id")).matches("sha256:[0-9a-f]{64}");
        int release = Integer.parseInt(text(child(pom(Repository.ROOT.resolve("pom.xml")).getDocumentElement(), "properties"),
                "maven.compiler.release"));
        assertThat(Integer.parseInt(pin.getProperty("java.feature"))).as("the base's Java runs release %d classes", release)
                .isGreaterThanOrEqualTo(release);
        assertThat(Files.readAllLines(Repository.ROOT.resolve("deploy/images/base-image.packages.txt")))
                .as("the Debian packages in the pinned base").hasSize(Integer.parseInt(pin.getProperty("debian.packages")))
                .anyMatch(line -> line.startsWith("bash ")).anyMatch(line -> line.startsWith("ca-certificates "));
    }

    private static Element jibPlugin() throws Exception {
        Element management = child(child(pom(Repository.ROOT.resolve("pom.xml")).getDocumentElement(), "build"), "pluginManagement");
        for (Element plugin : children(child(management, "plugins"), "plugin")) {
            if (JIB.equals(text(plugin, "artifactId"))) {
                return plugin;
            }
        }
        throw new AssertionError("no " + JIB + " in the parent POM's pluginManagement");
    }

    private static Element jibConfiguration() throws Exception {
        return child(jibPlugin(), "configuration");
    }

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static List<String> plugins(Element project, String... path) {
        Element element = project;
        for (String step : path) {
            element = child(element, step);
        }
        return children(element, "plugin").stream().map(plugin -> text(plugin, "artifactId")).toList();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = parent == null ? List.of() : children(parent, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE && nodes.item(i).getNodeName().equals(name)) {
                found.add((Element) nodes.item(i));
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        assertThat(element).as("<%s> in <%s>", name, parent.getNodeName()).isNotNull();
        return element.getTextContent().strip();
    }

    private static List<String> texts(Element parent) {
        List<String> values = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                values.add(nodes.item(i).getTextContent().strip());
            }
        }
        return values;
    }
}
