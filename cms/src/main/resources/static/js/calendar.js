/*
 * The commune's broadcast calendar (FullCalendar from WebJars, no build step).
 * The feed sends the area's wall-clock times without an offset and the calendar runs in "UTC" mode, so an item
 * at 06:00 in the commune shows at 06:00 whatever zone the phone or computer is set to. For the same reason "now"
 * (the day marked as today, the day it opens on) is the area's wall clock, read from the browser's clock in the
 * area's zone: FullCalendar's own "now" in UTC mode would be the UTC date, a day behind in Vietnam before 07:00.
 */
document.addEventListener('DOMContentLoaded', function () {
  var element = document.getElementById('calendar');
  var group = document.getElementById('group');
  if (!element || typeof FullCalendar === 'undefined') {
    return;
  }
  // The page hands its settings over as data attributes: no inline script, so the CSP needs no 'unsafe-inline'.
  var data = element.dataset;
  var config = { events: data.events, today: data.today, date: data.date, zone: data.zone, locale: data.locale };
  var labels = {
    today: data.labelToday, week: data.labelWeek, day: data.labelDay, list: data.labelList, noEvents: data.labelNoEvents
  };
  var phone = window.matchMedia('(max-width: 700px)').matches;

  // The area's wall clock now, as "2027-03-12T06:07:00" (read as such in UTC mode); the server's date of today
  // when the browser cannot name the zone.
  function areaNow() {
    try {
      var parts = {};
      new Intl.DateTimeFormat('en-CA', {
        timeZone: config.zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit'
      }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
      return parts.year + '-' + parts.month + '-' + parts.day + 'T' + parts.hour + ':' + parts.minute + ':' + parts.second;
    } catch (e) {
      return config.today + 'T12:00:00';
    }
  }

  var calendar = new FullCalendar.Calendar(element, {
    timeZone: 'UTC',
    locale: config.locale,
    locales: [{
      code: config.locale,
      week: { dow: 1, doy: 4 },
      buttonText: { prev: '‹', next: '›', today: labels.today, week: labels.week, day: labels.day, list: labels.list },
      noEventsText: labels.noEvents
    }],
    firstDay: 1,
    // Text arrows rather than FullCalendar's icon font: the same look as the rest of the page's buttons.
    buttonIcons: false,
    now: areaNow,
    initialDate: config.date || areaNow().slice(0, 10),
    initialView: phone ? 'listWeek' : 'timeGridWeek',
    headerToolbar: phone
      ? { left: 'prev,next', center: 'title', right: 'listWeek,timeGridDay' }
      : { left: 'prev,next today', center: 'title', right: 'timeGridWeek,timeGridDay,listWeek' },
    allDaySlot: false,
    nowIndicator: false,
    slotMinTime: '04:00:00',
    slotMaxTime: '23:00:00',
    slotEventOverlap: false,
    height: 'auto',
    eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    // A past item says whether it went on air (aired / partly / not aired), in words, not by colour alone.
    eventDidMount: function (info) {
      var text = info.event.extendedProps.airedText;
      if (!text) { return; }
      var title = info.el.querySelector('.fc-list-event-title') || info.el.querySelector('.fc-event-title')
        || info.el.querySelector('.fc-event-main') || info.el;
      var badge = document.createElement('span');
      badge.className = 'aired-badge aired-' + info.event.extendedProps.aired;
      badge.textContent = text;
      title.appendChild(document.createTextNode(' '));
      title.appendChild(badge);
    },
    events: function (info, success, failure) {
      var url = config.events + '&start=' + encodeURIComponent(info.startStr) + '&end=' + encodeURIComponent(info.endStr)
        + '&device=' + encodeURIComponent(group ? group.value : '');
      fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
        .then(function (response) {
          if (!response.ok) { throw new Error('HTTP ' + response.status); }
          return response.json();
        })
        .then(success)
        .catch(failure);
    }
  });
  calendar.render();
  window.openloaCalendar = calendar;
  // FullCalendar lays a time grid out as an outer "grid" table whose row groups hold layout cells, each holding an
  // inner presentation table with the real rows (FullCalendar's open issue on ARIA for table views); axe and screen
  // readers meet a body row group that owns no rows. So the outer table is presented as the layout it is, and each
  // inner table that holds rows is the grid: one for the day headers, one for the days' columns.
  var layoutOnly = function () {
    element.querySelectorAll('table.fc-scrollgrid[role=grid]').forEach(function (outer) {
      outer.setAttribute('role', 'presentation');
      outer.querySelectorAll(':scope > [role=rowgroup]').forEach(function (group) { group.setAttribute('role', 'presentation'); });
    });
    element.querySelectorAll('table.fc-scrollgrid table[role=presentation]').forEach(function (inner) {
      if (inner.querySelector(':scope > thead > tr[role=row], :scope > tbody > tr[role=row]')) { inner.setAttribute('role', 'grid'); }
    });
  };
  layoutOnly();
  new MutationObserver(function () { window.requestAnimationFrame(layoutOnly); })
    .observe(element, { childList: true, subtree: true });
  if (group) {
    group.addEventListener('change', function () { calendar.refetchEvents(); });
  }
});
