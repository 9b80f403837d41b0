import { describe, expect, it } from 'vitest'
import { measure, modelInForce, modelRow, sourceLabel, trainingRequest } from '../src/lib/listingModels.js'

describe('listing models', () => {
  it('shapes a model row with its held-out measures', () => {
    const row = modelRow({
      version: 'ft-0123456789abcdef',
      active: true,
      source: 'decisions',
      examples: 250,
      holdout_examples: 48,
      metrics: { accuracy: 0.9583, labels: { wildlife: { f1: 0.97, support: 20 }, benign: { f1: 0.9, support: 15 } } },
      training_seconds: 1.234,
      model_size: 8912896,
      created_by: 'office1',
    })
    expect(row.active).toBe(true)
    expect(row.source).toBe('审核决定')
    expect(row.accuracy).toBe('0.958')
    expect(row.f1.wildlife).toBe('0.970')
    expect(row.f1.tool).toBe('—')
    expect(row.support.wildlife).toBe(20)
    expect(row.support.tool).toBe(0)
    expect(row.seconds).toBe('1.2')
    expect(row.sizeMiB).toBe('8.5')
  })

  it('tells a withdrawn model from one never used and says what is in force', () => {
    const withdrawn = modelRow({ version: 'ft-a', active: false, activated_at: '2026-11-01T00:00:00.000Z', deactivated_at: '2026-11-02T00:00:00.000Z' })
    expect(withdrawn.withdrawn).toBe(true)
    expect(withdrawn.deactivatedAt).toBe('2026-11-02T00:00:00.000Z')
    // Activated again since: in force, not withdrawn, whatever an old stamp says.
    expect(modelRow({ version: 'ft-a', active: true, deactivated_at: null }).withdrawn).toBe(false)
    expect(modelRow({ version: 'ft-b', active: false, deactivated_at: null }).withdrawn).toBe(false)
    expect(modelInForce({ active_version: 'ft-a' })).toEqual({ version: 'ft-a', text: expect.stringContaining('ft-a') })
    const none = modelInForce({ active_version: null })
    expect(none.version).toBe('')
    expect(none.text).toContain('只依据规则')
    expect(modelInForce(undefined).version).toBe('')
  })

  it('formats measures and sources', () => {
    expect(measure(undefined)).toBe('—')
    expect(measure(1)).toBe('1.000')
    expect(sourceLabel('decisions+labels')).toBe('审核决定 + 标注文件')
    expect(sourceLabel('other')).toBe('other')
  })

  it('builds the training request', () => {
    expect(trainingRequest({ minDecisions: '300', activate: true })).toEqual({ min_decisions: 300, activate: true })
    expect(trainingRequest({ minDecisions: 'x' })).toEqual({ min_decisions: 200, activate: false })
  })
})
