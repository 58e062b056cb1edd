package io.feedpipe.ingest;

import io.feedpipe.model.Repair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jdom2.Element;
import org.jdom2.Parent;

/**
 * What reading one document repaired, each repair filed under the entry it was found in, or under
 * the feed when it was found outside every entry. One per read; not thread-safe.
 */
final class RepairLog {
  private final List<Repair> feed = new ArrayList<>();
  private final Map<Element, List<Repair>> byEntry = new IdentityHashMap<>();

  /** @param entries the document's entry elements (items, entries) */
  RepairLog(List<Element> entries) {
    for (Element e : entries) {
      byEntry.put(e, new ArrayList<>());
    }
  }

  /** Files a repair made at {@code at}: under its entry (naming the entry's child it is in), else under the feed. */
  void add(Element at, String kind, String detail) {
    Element child = at;
    for (Parent p = at; p instanceof Element e; p = e.getParent()) {
      List<Repair> list = byEntry.get(e);
      if (list != null) {
        list.add(Repair.of(kind, (child == e ? e : child).getQualifiedName(), detail));
        return;
      }
      child = e;
    }
    feed.add(Repair.of(kind, at.getQualifiedName(), detail));
  }

  void feed(Repair repair) {
    feed.add(repair);
  }

  void entry(Element entry, Repair repair) {
    List<Repair> list = byEntry.get(entry);
    if (list == null) {
      feed.add(repair);
    } else {
      list.add(repair);
    }
  }

  List<Repair> feed() {
    return Collections.unmodifiableList(feed);
  }

  List<Repair> of(Element entry) {
    return byEntry.getOrDefault(entry, List.of());
  }
}
