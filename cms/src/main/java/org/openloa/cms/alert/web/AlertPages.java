package org.openloa.cms.alert.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Optional;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.alert.AlertService;
import org.openloa.cms.problem.RefusedChange;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.multipart.MultipartFile;

/**
 * The alerts page (Cảnh báo CAP): every CAP alert taken in within the caller's areas, aired or only stored
 * (Test, Exercise…), and a form to take one in by hand (a file or pasted XML), the same way as the API.
 */
@Controller
@RequestMapping("/alerts")
class AlertPages {

    /** Times on this page are Vietnam's, where the people reading it are. */
    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    private final AlertService alerts;

    AlertPages(AlertService alerts) {
        this.alerts = alerts;
    }

    /** The form: a CAP file, or its XML pasted. */
    static class CapForm {
        MultipartFile file;
        String text;

        public MultipartFile getFile() {
            return file;
        }

        public void setFile(MultipartFile file) {
            this.file = file;
        }

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }
    }

    @GetMapping
    String list(Model model) {
        return page(model, new CapForm());
    }

    @PostMapping
    String receive(@ModelAttribute("form") CapForm form, BindingResult result, Model model) throws IOException {
        Caller caller = CurrentCaller.get();
        byte[] document = form.file != null && !form.file.isEmpty()
                ? form.file.getBytes()
                : form.text == null ? new byte[0] : form.text.strip().getBytes(StandardCharsets.UTF_8);
        Optional<AlertService.Received> received =
                RefusedChange.attempt(result, field -> "text", () -> alerts.receive(caller, document));
        if (received.isPresent()) {
            return "redirect:/alerts?received=" + received.get().alert().id();
        }
        return page(model, form);
    }

    private String page(Model model, CapForm form) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("alerts", alerts.list(caller, 100));
        model.addAttribute("form", form);
        model.addAttribute("mayPost", caller.mayOperate());
        model.addAttribute("zone", ZONE);
        return "alerts/list";
    }
}
