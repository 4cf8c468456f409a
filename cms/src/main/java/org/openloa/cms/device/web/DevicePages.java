package org.openloa.cms.device.web;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.device.Device;
import org.openloa.cms.device.DeviceDraft;
import org.openloa.cms.device.DeviceQuery;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.device.DeviceStatus;
import org.openloa.cms.device.Tags;
import org.openloa.cms.problem.ProblemException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The devices pages: a list with area, tags and status, and a form to add or change a device. */
@Controller
@RequestMapping("/devices")
class DevicePages {

	private final DeviceService devices;
	private final AreaService areas;
	private final MessageSource messages;
	private final Clock clock;

	DevicePages(DeviceService devices, AreaService areas, MessageSource messages, Clock clock) {
		this.devices = devices;
		this.areas = areas;
		this.messages = messages;
		this.clock = clock;
	}

	/** The form's fields, kept when a submission is refused so nothing typed is lost. */
	static final class DeviceForm {
		public String name;
		public UUID areaId;
		public String tags;
		public Double lat;
		public Double lon;
		public Integer volume = Device.DEFAULT_VOLUME;
		public Integer pollSeconds = Device.DEFAULT_POLL_SECONDS;

		public void setName(String name) {
			this.name = name;
		}

		public void setAreaId(UUID areaId) {
			this.areaId = areaId;
		}

		public void setTags(String tags) {
			this.tags = tags;
		}

		public void setLat(Double lat) {
			this.lat = lat;
		}

		public void setLon(Double lon) {
			this.lon = lon;
		}

		public void setVolume(Integer volume) {
			this.volume = volume;
		}

		public void setPollSeconds(Integer pollSeconds) {
			this.pollSeconds = pollSeconds;
		}

		DeviceDraft draft() {
			return new DeviceDraft(name, areaId, List.copyOf(Tags.parse(tags, "tags")), lat, lon, volume, pollSeconds);
		}
	}

	@GetMapping
	String list(@RequestParam(required = false) UUID areaId, @RequestParam(required = false) DeviceStatus status,
			Model model) {
		Caller caller = CurrentCaller.get();
		List<Area> visible = areas.visibleTo(caller);
		Map<UUID, Area> byId = new HashMap<>();
		visible.forEach(a -> byId.put(a.id(), a));
		model.addAttribute("devices", devices.list(caller, new DeviceQuery(areaId, status, null, false)).stream()
				.map(d -> new Row(d, d.statusAt(clock.instant()), local(d.lastSeenAt(), byId.get(d.areaId())))).toList());
		model.addAttribute("areas", visible);
		model.addAttribute("names", names(visible));
		model.addAttribute("rootDepth", visible.stream().mapToInt(Area::depth).min().orElse(0));
		model.addAttribute("areaId", areaId);
		model.addAttribute("status", status);
		model.addAttribute("statuses", DeviceStatus.values());
		model.addAttribute("canEdit", canEdit(caller));
		return "devices/list";
	}

	@GetMapping("/new")
	String newDevice(@RequestParam(required = false) UUID areaId, Model model) {
		DeviceForm form = new DeviceForm();
		form.areaId = areaId != null ? areaId : CurrentCaller.get().areaId();
		return form(model, null, form, null);
	}

	@PostMapping
	String create(@ModelAttribute DeviceForm form, Model model) {
		try {
			devices.create(CurrentCaller.get(), form.draft());
			return "redirect:/devices?saved";
		}
		catch (ProblemException e) {
			return form(model, null, form, e);
		}
	}

	@GetMapping("/{id}")
	String edit(@PathVariable UUID id, Model model) {
		Device device = devices.get(CurrentCaller.get(), id);
		DeviceForm form = new DeviceForm();
		form.name = device.name();
		form.areaId = device.areaId();
		form.tags = String.join(", ", device.tags());
		form.lat = device.lat();
		form.lon = device.lon();
		form.volume = device.volume();
		form.pollSeconds = device.pollSeconds();
		return form(model, device, form, null);
	}

	@PostMapping("/{id}")
	String update(@PathVariable UUID id, @ModelAttribute DeviceForm form, Model model) {
		try {
			devices.update(CurrentCaller.get(), id, form.draft());
			return "redirect:/devices/" + id + "?saved";
		}
		catch (ProblemException e) {
			return form(model, devices.get(CurrentCaller.get(), id), form, e);
		}
	}

	@PostMapping("/{id}/retire")
	String retire(@PathVariable UUID id) {
		devices.retire(CurrentCaller.get(), id);
		return "redirect:/devices?saved";
	}

	private String form(Model model, Device device, DeviceForm form, ProblemException error) {
		Caller caller = CurrentCaller.get();
		List<Area> candidates = areas.visibleTo(caller).stream().filter(a -> !a.retired()).toList();
		model.addAttribute("device", device);
		model.addAttribute("form", form);
		model.addAttribute("areas", candidates);
		model.addAttribute("rootDepth", candidates.stream().mapToInt(Area::depth).min().orElse(0));
		model.addAttribute("canEdit", canEdit(caller) && (device == null || !device.retired()));
		model.addAttribute("status", device == null ? null : device.statusAt(clock.instant()));
		model.addAttribute("retiredOn", device == null ? null
				: local(device.retiredAt(), areas.find(device.areaId()).orElse(null)));
		if (error != null) {
			model.addAttribute("error", messages.getMessage(error.messageKey(), error.args(), error.messageKey(),
					LocaleContextHolder.getLocale()));
		}
		return "devices/form";
	}

	/** A device as listed, with its last contact in its area's local time (never the server's). */
	record Row(Device device, DeviceStatus status, String lastSeen) {
	}

	static String local(java.time.Instant instant, Area area) {
		return instant == null ? null
				: DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")
						.format(instant.atZone(area == null ? Area.DEFAULT_ZONE : area.zone()));
	}

	private static boolean canEdit(Caller caller) {
		return caller.has(Role.ADMIN) || caller.has(Role.OPERATOR);
	}

	private static Map<UUID, String> names(List<Area> areas) {
		Map<UUID, String> names = new HashMap<>();
		areas.forEach(a -> names.put(a.id(), a.name()));
		return names;
	}
}
