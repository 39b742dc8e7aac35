package io.jprov.bundle;

import io.jprov.JprovException;
import io.jprov.ExitCodes;
import io.jprov.util.Evr;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses yum repodata: {@code repomd.xml} (where primary.xml is) and {@code primary.xml[.gz]}
 * (the packages, their checksums, provides and requires). Pure; no I/O beyond the given bytes.
 */
public final class RepoMetadata {
  private RepoMetadata() {}

  /**
   * The primary data's entry in repomd.xml.
   *
   * @param href location relative to the repository root
   * @param checksumType e.g. sha256
   * @param checksum hex of the (compressed) file
   */
  public record PrimaryRef(String href, String checksumType, String checksum) {}

  /** Finds {@code <data type="primary">} in repomd.xml. */
  public static PrimaryRef primaryRef(byte[] repomd, String what) {
    try {
      XMLStreamReader r = reader(new ByteArrayInputStream(repomd));
      boolean inPrimary = false;
      String href = null;
      String type = null;
      String sum = null;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          String n = r.getLocalName();
          if (n.equals("data")) {
            inPrimary = "primary".equals(r.getAttributeValue(null, "type"));
          } else if (inPrimary && n.equals("location")) {
            href = r.getAttributeValue(null, "href");
          } else if (inPrimary && n.equals("checksum")) {
            type = r.getAttributeValue(null, "type");
            sum = r.getElementText().trim();
          }
        } else if (ev == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("data") && inPrimary) {
          if (href == null || sum == null) {
            break;
          }
          return new PrimaryRef(href, type, sum.toLowerCase(java.util.Locale.ROOT));
        }
      }
      throw new JprovException(ExitCodes.INTERNAL, what + ": no primary data in repomd.xml");
    } catch (XMLStreamException e) {
      throw new JprovException(ExitCodes.INTERNAL, what + ": invalid repomd.xml: " + e.getMessage(), e);
    }
  }

  /** Parses primary.xml, gunzipping when the bytes are gzip. Keeps every arch; the resolver filters. */
  public static List<RpmPackage> parsePrimary(byte[] data, String repoId, String repoUrl) {
    String other = otherCompression(data);
    if (other != null) {
      // createrepo_c >= 1.0 writes zstd by default; the JDK reads only gzip
      throw new JprovException(ExitCodes.INPUT, repoId + " (" + repoUrl + "): primary.xml is compressed with " + other
          + ", which jprov cannot read (gzip or plain only)");
    }
    try (InputStream in = isGzip(data) ? new GZIPInputStream(new ByteArrayInputStream(data))
        : new ByteArrayInputStream(data)) {
      return parsePrimary(in, repoId, repoUrl);
    } catch (IOException e) {
      throw new JprovException(ExitCodes.INTERNAL, repoId + ": cannot read primary.xml: " + e.getMessage(), e);
    }
  }

  /** "zstd", "xz" or "bzip2" when the bytes start with that format's magic number, else null. */
  static String otherCompression(byte[] data) {
    if (data.length >= 4 && (data[0] & 0xff) == 0x28 && (data[1] & 0xff) == 0xb5 && (data[2] & 0xff) == 0x2f
        && (data[3] & 0xff) == 0xfd) {
      return "zstd";
    }
    if (data.length >= 6 && (data[0] & 0xff) == 0xfd && data[1] == '7' && data[2] == 'z' && data[3] == 'X'
        && data[4] == 'Z' && data[5] == 0) {
      return "xz";
    }
    if (data.length >= 3 && data[0] == 'B' && data[1] == 'Z' && data[2] == 'h') {
      return "bzip2";
    }
    return null;
  }

  static boolean isGzip(byte[] data) {
    return data.length > 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
  }

  private static List<RpmPackage> parsePrimary(InputStream in, String repoId, String repoUrl) {
    List<RpmPackage> out = new ArrayList<>();
    try {
      XMLStreamReader r = reader(in);
      Builder b = null;
      String section = null;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          String n = r.getLocalName();
          String ns = r.getNamespaceURI();
          boolean rpmNs = ns != null && ns.endsWith("/metadata/rpm");
          if (n.equals("package") && !rpmNs) {
            b = new Builder();
          } else if (b == null) {
            continue;
          } else if (n.equals("name") && !rpmNs) {
            b.name = r.getElementText().trim();
          } else if (n.equals("arch") && !rpmNs) {
            b.arch = r.getElementText().trim();
          } else if (n.equals("version") && !rpmNs) {
            b.evr = Evr.of(r.getAttributeValue(null, "epoch"), r.getAttributeValue(null, "ver"),
                r.getAttributeValue(null, "rel"));
          } else if (n.equals("checksum") && !rpmNs) {
            b.checksumType = r.getAttributeValue(null, "type");
            b.checksum = r.getElementText().trim().toLowerCase(java.util.Locale.ROOT);
          } else if (n.equals("size") && !rpmNs) {
            String p = r.getAttributeValue(null, "package");
            b.size = p == null ? -1 : Long.parseLong(p);
          } else if (n.equals("location") && !rpmNs) {
            String base = r.getAttributeValue("http://www.w3.org/XML/1998/namespace", "base");
            if (base == null) {
              base = r.getAttributeValue(null, "xml:base");
            }
            String href = r.getAttributeValue(null, "href");
            b.href = base == null || base.isEmpty() ? href : stripSlash(base) + "/" + href;
          } else if (rpmNs && (n.equals("provides") || n.equals("requires"))) {
            section = n;
          } else if (rpmNs && n.equals("entry") && section != null) {
            String flags = r.getAttributeValue(null, "flags");
            RpmPackage.Dep d = new RpmPackage.Dep(r.getAttributeValue(null, "name"), flags,
                flags == null ? null : Evr.of(r.getAttributeValue(null, "epoch"), r.getAttributeValue(null, "ver"),
                    r.getAttributeValue(null, "rel")));
            (section.equals("provides") ? b.provides : b.requires).add(d);
          } else if (n.equals("file") && !rpmNs) {
            b.files.add(r.getElementText().trim());
          }
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          String n = r.getLocalName();
          String ns = r.getNamespaceURI();
          boolean rpmNs = ns != null && ns.endsWith("/metadata/rpm");
          if (rpmNs && (n.equals("provides") || n.equals("requires"))) {
            section = null;
          } else if (n.equals("package") && !rpmNs && b != null) {
            out.add(b.build(repoId, repoUrl));
            b = null;
          }
        }
      }
      return out;
    } catch (XMLStreamException | RuntimeException e) {
      throw new JprovException(ExitCodes.INTERNAL, repoId + ": invalid primary.xml: " + e.getMessage(), e);
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static XMLStreamReader reader(InputStream in) throws XMLStreamException {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    return f.createXMLStreamReader(in);
  }

  private static final class Builder {
    String name;
    String arch;
    Evr evr;
    String checksumType;
    String checksum;
    long size = -1;
    String href;
    final List<RpmPackage.Dep> provides = new ArrayList<>();
    final List<RpmPackage.Dep> requires = new ArrayList<>();
    final List<String> files = new ArrayList<>();

    RpmPackage build(String repoId, String repoUrl) {
      if (name == null || evr == null || href == null || checksum == null) {
        throw new IllegalStateException("package " + name + " lacks name, version, location or checksum");
      }
      if (provides.stream().noneMatch(p -> p.name().equals(name))) {
        provides.add(new RpmPackage.Dep(name, "EQ", evr));
      }
      return new RpmPackage(repoId, stripSlash(repoUrl), name, arch, evr, checksumType, checksum, size, href,
          List.copyOf(provides), List.copyOf(requires), List.copyOf(files));
    }
  }
}
