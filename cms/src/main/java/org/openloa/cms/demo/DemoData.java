package org.openloa.cms.demo;

import java.util.List;
import java.util.Set;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaDraft;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.user.UserDraft;
import org.openloa.cms.user.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds the demo on its first start (an empty database): the areas and users, then the sample bulletins (their
 * audio is made in the background, and the daily schedule follows once it is, see {@link DemoBulletins}) and the
 * simulated loudspeakers. On every start the loudspeakers are switched on ({@link DemoBoxes}).
 */
@Component
@Profile("demo")
@Order(10)
class DemoData implements ApplicationRunner {

    static final String PASSWORD = "openloa-demo";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    /** Seeding acts as the system at the national level; it is not a user and cannot log in. */
    private static final Caller SYSTEM = Caller.system();

    private final AreaService areas;
    private final UserService users;
    private final DemoBulletins bulletins;
    private final DemoBoxes boxes;
    private final TransactionTemplate tx;

    DemoData(AreaService areas, UserService users, DemoBulletins bulletins, DemoBoxes boxes, TransactionTemplate tx) {
        this.areas = areas;
        this.users = users;
        this.bulletins = bulletins;
        this.boxes = boxes;
        this.tx = tx;
    }

    /** What the first start made: the province and its communes, where the rest of the demo lives. */
    record Seeded(Area province, List<Area> communes) {}

    @Override
    public void run(ApplicationArguments args) {
        // Each step commits before the next: the boxes enrol over HTTP and must find their devices stored.
        Seeded seeded = tx.execute(status -> seed());
        if (seeded != null) {
            bulletins.seed(seeded);
            boxes.enrol(seeded);
        }
        boxes.start();
    }

    /** The areas and users, or null when an earlier start made them already. */
    private Seeded seed() {
        if (areas.visibleTo(SYSTEM).stream().anyMatch(a -> a.code().equals("QTR"))) {
            return null;
        }
        Area province = area("QTR", "Tỉnh Quảng Trị", "province", null);
        Area camLo = area("QTR-CAMLO", "Xã Cam Lộ", "commune", province);
        Area dongHa = area("QTR-DONGHA", "Phường Đông Hà", "commune", province);
        Area vinhLinh = area("QTR-VINHLINH", "Xã Vĩnh Linh", "commune", province);
        area("QTR-CAMLO-T1", "Thôn Cam Thành", "village", camLo);
        area("QTR-CAMLO-T3", "Thôn 3", "village", camLo);
        area("QTR-DONGHA-KP1", "Khu phố 1", "village", dongHa);
        area("QTR-DONGHA-KP2", "Khu phố 2", "village", dongHa);
        area("QTR-VINHLINH-B1", "Bản Vĩnh Ô", "village", vinhLinh);

        user("tinh.quantri", "Nguyễn Văn An", Set.of(Role.ADMIN), province);
        user("tinh.bientap", "Trần Thị Bình", Set.of(Role.EDITOR), province);
        user("tinh.pheduyet", "Lê Văn Cường", Set.of(Role.APPROVER), province);
        user("camlo.vanhanh", "Phạm Thị Dung", Set.of(Role.OPERATOR, Role.EDITOR), camLo);
        user("dongha.vanhanh", "Hoàng Văn Em", Set.of(Role.OPERATOR), dongHa);
        user("tinh.xem", "Đỗ Thị Phương", Set.of(Role.VIEWER), province);
        log.info(
                "Demo data seeded: province QTR with 3 communes and 5 villages; users tinh.quantri, tinh.bientap, "
                        + "tinh.pheduyet, camlo.vanhanh, dongha.vanhanh, tinh.xem (password '{}')",
                PASSWORD);
        return new Seeded(province, List.of(camLo, dongHa, vinhLinh));
    }

    private Area area(String code, String name, String kind, Area parent) {
        return areas.create(SYSTEM, new AreaDraft(code, name, kind, parent == null ? null : parent.id(), null));
    }

    private void user(String username, String name, Set<Role> roles, Area area) {
        users.create(SYSTEM, new UserDraft(username, PASSWORD, name, roles, area.id()));
    }
}
