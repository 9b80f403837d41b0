import { describe, expect, it } from 'vitest'
import { applyPlan, emptyObservation, emptyPatrol, patrolBody, patrolDuration, trackFormat, validateObservation, validatePatrol } from '../src/lib/patrolForm.js'

const NOW = Date.UTC(2026, 10, 20, 8, 0)
const HOUR = 3600 * 1000

function filled(over = {}) {
  return { ...emptyPatrol(NOW), team: ' 沙坡头保护区一队 ', members: ['马林', '李强'], started_at: String(NOW - 4 * HOUR), ...over }
}

describe('patrolForm', () => {
  it('needs a team, members, transport and a start not in the future', () => {
    const e = validatePatrol({ ...emptyPatrol(NOW), transport: '', started_at: String(NOW + HOUR) }, NOW)
    expect(e.team).toBe('请填写巡护队')
    expect(e.members).toBe('请至少填写一名队员')
    expect(e.transport).toBe('请选择交通方式')
    expect(e.started_at).toBe('开始时间不能晚于现在')
    expect(validatePatrol(filled(), NOW)).toEqual({})
  })

  it('wants the end after the start and not in the future', () => {
    expect(validatePatrol(filled({ ended_at: String(NOW - 5 * HOUR) }), NOW).ended_at).toBe('结束时间应晚于开始时间')
    expect(validatePatrol(filled({ ended_at: String(NOW - 4 * HOUR) }), NOW).ended_at).toBe('结束时间应晚于开始时间')
    expect(validatePatrol(filled({ ended_at: String(NOW + HOUR) }), NOW).ended_at).toBe('结束时间不能晚于现在')
    expect(validatePatrol(filled({ ended_at: String(NOW - HOUR) }), NOW)).toEqual({})
  })

  it('checks every member: blank, repeated, too many', () => {
    expect(validatePatrol(filled({ members: ['马林', '  '] }), NOW)).toMatchObject({ 'members/1': '队员姓名不能为空', members: '队员姓名不能为空' })
    expect(validatePatrol(filled({ members: ['马林', '马林'] }), NOW).members).toBe('队员「马林」重复')
    expect(validatePatrol(filled({ members: Array.from({ length: 51 }, (_, k) => `队员${k}`) }), NOW).members).toContain('最多 50 人')
  })

  it('checks the track file', () => {
    expect(validatePatrol(filled({ track: { name: 'track.gpx', size: 100 } }), NOW)).toEqual({})
    expect(validatePatrol(filled({ track: { name: 'track.txt', size: 100 } }), NOW).track).toBe('轨迹应为 GPX 或 KML 文件')
    expect(validatePatrol(filled({ track: { name: 'big.kml', size: 30 * 1024 * 1024 } }), NOW).track).toContain('过大')
    expect(trackFormat('A.GPX')).toBe('gpx')
    expect(trackFormat('a.kml')).toBe('kml')
    expect(trackFormat('export', '<?xml version="1.0"?><gpx version="1.1">')).toBe('gpx')
    expect(trackFormat('export')).toBeNull()
  })

  it('builds the API body without empty fields', () => {
    expect(patrolBody(filled({ zone_id: 3, members: ['马林', ' 李强 ', '马林', ''], note: '  ' }))).toEqual({
      zone_id: 3,
      team: '沙坡头保护区一队',
      members: ['马林', '李强'],
      transport: 'foot',
      started_at: NOW - 4 * HOUR,
    })
    const ended = patrolBody(filled({ ended_at: String(NOW - HOUR), note: '雨后道路泥泞' }))
    expect(ended.ended_at).toBe(NOW - HOUR)
    expect(ended.note).toBe('雨后道路泥泞')
    expect(ended).not.toHaveProperty('zone_id')
  })

  it('takes a plan’s zone and team, and shows the duration', () => {
    const form = filled({ team: '' })
    applyPlan(form, { id: 7, zone_id: 2, team: '腾格里一队' })
    expect(form).toMatchObject({ plan_id: 7, zone_id: 2, team: '腾格里一队' })
    applyPlan(form, { id: 8, zone_id: 5, team: '' })
    expect(form).toMatchObject({ plan_id: 8, zone_id: 5, team: '腾格里一队' })
    expect(patrolDuration(filled({ ended_at: String(NOW - 40 * 60 * 1000) }))).toBe('3 小时 20 分')
    expect(patrolDuration(filled({ ended_at: String(NOW - 3 * HOUR - 50 * 60 * 1000) }))).toBe('10 分钟')
    expect(patrolDuration(filled())).toBeNull()
  })
})

describe('observation on a registered patrol', () => {
  const patrol = { id: 4, started_at: NOW - 4 * HOUR, ended_at: NOW - HOUR } // as the API gives them
  it('starts at the patrol’s end and needs a place within its time', () => {
    const form = emptyObservation(patrol, NOW)
    expect(Number(form.observed_at)).toBe(NOW - HOUR)
    expect(validateObservation(form, patrol, NOW)).toEqual({ lon: '请用定位或在地图上选出发现的位置' })
    form.point = { lon: 105.1, lat: 37.5 }
    expect(validateObservation(form, patrol, NOW)).toEqual({})
    form.observed_at = String(NOW - 5 * HOUR)
    expect(validateObservation(form, patrol, NOW).observed_at).toBe('发现时间应在巡护开始和结束之间')
    form.observed_at = String(NOW - 2 * HOUR)
    form.kind = 'trap_removal'
    form.tool_kind = ''
    form.count = 1.5
    expect(validateObservation(form, patrol, NOW)).toMatchObject({ tool_kind: '请选择工具种类', count: '数量应为 0 到 100 万之间的整数' })
    // An open patrol: until now; ISO text is read too.
    const open = { id: 5, started_at: new Date(NOW - HOUR).toISOString(), ended_at: null }
    expect(Number(emptyObservation(open, NOW).observed_at)).toBe(NOW)
    expect(validateObservation({ ...emptyObservation(open, NOW), point: { lon: 1, lat: 2 } }, open, NOW)).toEqual({})
  })
})
